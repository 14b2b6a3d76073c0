import type { RenderedEmail } from '../../emails/layout'
import { sendTime } from '~/domain/schedule'
import { canSendMessage } from '~/domain/states'
import { composeCampaignMail } from '~/mail/campaign-mail.server'
import { buildMergeContext, checkMessageTemplate } from '~/mail/merge-context.server'
import { validateMessageTemplate } from '~/mail/templates.server'
import { fromAddress, sendMail } from '~/mail/transport.server'
import { EVERYONE, getPreviewSupporter } from '~/models/audience.server'
import { scheduleMessageBeforeDeadline } from '~/models/deadline-mail.server'
import { getPetitionMergeData } from '~/models/merge-data.server'
import { getOrganizationContact } from '~/models/organization.server'
import { getMessageSendContext } from '~/models/message-delivery.server'
import {
  cancelMessage,
  checkMessagePetitions,
  createMessage,
  getMessageForOrganization,
  MessageStateError,
  sendMessage,
  UnknownPetitionsError,
  updateDraftMessage,
  type MessageRow,
} from '~/models/message.server'
import { env } from '~/utils/env.server'
import { QUEUES, wakeAt } from '~/utils/jobs.server'
import { recordAudit } from '~/models/audit-log.server'
import { isUuid } from '~/utils/uuid'
import type { Audience } from '~/validation/message'

/**
 * Campaigns to signers, as the dashboard and the API both run them: each
 * use case checks what it must (the petitions are the organization's, the
 * template renders against each petition's real data, the time is to
 * come), changes the rows through the models and wakes the fan-out, so no
 * caller can forget a step. Broken rules throw domain errors
 * (domain/errors.ts), which each surface answers in one place.
 */

/** A draft. Throws UnknownPetitionsError or TemplateError. */
export async function createCampaign(
  input: Parameters<typeof createMessage>[0],
): Promise<MessageRow> {
  const petitionIds = await checkMessagePetitions(input.organizationId, input.petitionIds)
  await checkMessageTemplate(input, petitionIds, env().appUrl)
  return createMessage({ ...input, petitionIds })
}

/**
 * Changes a draft's text, petitions and regions. Null when the message is
 * not the organization's; MessageStateError once it is scheduled or sent.
 */
export async function updateCampaignDraft(
  input: Parameters<typeof updateDraftMessage>[0],
): Promise<MessageRow | null> {
  const existing = await getMessageForOrganization(input)
  if (!existing) return null
  if (existing.status !== 'draft') throw new MessageStateError(existing.status)
  const petitionIds = await checkMessagePetitions(input.organizationId, input.petitionIds)
  await checkMessageTemplate(input, petitionIds, env().appUrl)
  return updateDraftMessage({ ...input, petitionIds })
}

/** The template must still render against today's data before anything is timed or sent. */
async function sendableMessage(organizationId: string, messageId: string) {
  const existing = await getMessageForOrganization({ organizationId, messageId })
  if (!existing) return null
  if (!canSendMessage(existing.status)) throw new MessageStateError(existing.status)
  await checkMessageTemplate(existing, existing.petitionIds, env().appUrl)
  return existing
}

/**
 * Sends a draft now, or at `scheduledAt` (a scheduled message may be moved);
 * a time already past sends now, or is refused (`ifPast: 'refuse'`, a
 * form's mistyped time). Null when the message is not the organization's;
 * throws MessageStateError, TemplateError or SendTimePassedError.
 */
export async function sendCampaign({
  organizationId,
  messageId,
  scheduledAt = null,
  ifPast = 'send-now',
  actorId = null,
}: {
  organizationId: string
  messageId: string
  scheduledAt?: Date | null
  ifPast?: 'refuse' | 'send-now'
  actorId?: string | null
}): Promise<MessageRow | null> {
  const at = sendTime(scheduledAt, ifPast)
  if (!(await sendableMessage(organizationId, messageId))) return null
  const message = await sendMessage({ organizationId, messageId, scheduledAt: at })
  if (message) {
    await wakeFanOut(message)
    await auditCampaign(message, actorId, at ? `scheduled for ${at.toISOString()}` : 'sent now')
  }
  return message
}

/** The audit log's entry for a campaign sent, scheduled or cancelled (decision 038). */
function auditCampaign(message: MessageRow, actorId: string | null, what: string) {
  return recordAudit({
    organizationId: message.organizationId,
    actorId,
    action:
      message.status === 'cancelled'
        ? 'message.cancelled'
        : message.scheduledAt || message.status === 'scheduled'
          ? 'message.scheduled'
          : 'message.sent',
    subjectType: 'message',
    subjectId: message.id,
    summary: `Campaign "${message.subject}" ${what}`,
    details: { status: message.status, scheduledAt: message.scheduledAt },
  })
}

/**
 * Times a draft (or a scheduled message) `hours` before its case's next
 * date, following the date when it moves (deadline-mail.server.ts). Null
 * when the message is not the organization's; throws MessageStateError,
 * TemplateError or DeadlineScheduleError.
 */
export async function scheduleCampaignBeforeDeadline(
  input: Parameters<typeof scheduleMessageBeforeDeadline>[0] & { actorId?: string | null },
): Promise<MessageRow | null> {
  if (!(await sendableMessage(input.organizationId, input.messageId))) return null
  const message = await scheduleMessageBeforeDeadline(input)
  if (message) {
    await wakeFanOut(message)
    await auditCampaign(
      message,
      input.actorId ?? null,
      `timed ${input.hours} hours before the date`,
    )
  }
  return message
}

/**
 * The fan-out, woken for the message's time. A message timed by a deadline
 * that has no date yet waits: the case's next change re-times and wakes it.
 */
async function wakeFanOut(message: MessageRow): Promise<void> {
  if (message.scheduledAt) await wakeAt(QUEUES.campaignFanout, message.scheduledAt)
  else if (message.status === 'sending') await wakeAt(QUEUES.campaignFanout, new Date())
}

/**
 * Cancels a scheduled or sending message (rows not yet sent are cancelled).
 * Null when it is not the organization's; MessageStateError once sent.
 */
export async function cancelCampaign(input: {
  organizationId: string
  messageId: string
  actorId?: string | null
}): Promise<MessageRow | null> {
  const message = await cancelMessage(input)
  if (message) await auditCampaign(message, input.actorId ?? null, 'cancelled')
  return message
}

export interface CampaignPreview extends RenderedEmail {
  /** Whose data the preview shows: the latest subscribed signer, or a sample. */
  supporterName: string
  petitionTitle: string
}

/**
 * A template as a signer would get it, with real data: the latest
 * confirmed, subscribed signer of the targets in the audience's regions
 * (or a sample name when there is none), and that petition's case and
 * count. Throws TemplateError or UnknownPetitionsError.
 */
export async function previewCampaign({
  organizationId,
  subject,
  body,
  petitionIds,
  audience = EVERYONE,
}: {
  organizationId: string
  subject: string
  body: string
  petitionIds: string[]
  /** Preview as a signer in these regions. */
  audience?: Audience
}): Promise<CampaignPreview> {
  const { appUrl } = env()
  // Only petitions it may mail about (its own, or a partner's: decision 043).
  const allowed: string[] = await checkMessagePetitions(organizationId, petitionIds).catch(() => [])
  const all = (await getPetitionMergeData(allowed.filter(isUuid))).filter((d) =>
    allowed.includes(d.petitionId),
  )
  // A partner's mail is from the partner: `organization.name` is its own (as the sender does).
  const partner = all.some((d) => d.organizationId !== organizationId)
    ? await getOrganizationContact(organizationId)
    : null
  const data = partner ? all.map((d) => ({ ...d, organizationName: partner.name })) : all
  const known = new Set(data.map((d) => d.petitionId))
  const unknown = petitionIds.filter((id) => !known.has(id))
  if (unknown.length > 0 || data.length === 0) throw new UnknownPetitionsError(unknown)
  const compiled = validateMessageTemplate(
    { subject, body },
    data.map((d) => buildMergeContext(d, { name: 'Alex Sample' }, { appUrl })),
  )
  const person = await getPreviewSupporter({ organizationId, petitionIds, audience })
  const petition = data.find((d) => d.petitionId === person?.petitionId) ?? data[0]!
  const supporterName = person?.name ?? 'Alex Sample'
  return {
    supporterName,
    petitionTitle: petition.title,
    ...composeCampaignMail({
      compiled,
      petition,
      supporterName,
      unsubscribeUrl: `${appUrl}/unsubscribe/preview`,
      appUrl,
    }),
  }
}

/**
 * Sends the organizer a test copy of a message, now, as the preview shows
 * it (subject marked "[Test]"). Null when the message is not the
 * organization's.
 */
export async function sendTestCampaign({
  organizationId,
  messageId,
  to,
}: {
  organizationId: string
  messageId: string
  to: string
}): Promise<CampaignPreview | null> {
  const message = await getMessageForOrganization({ organizationId, messageId })
  if (!message) return null
  const preview = await previewCampaign({
    organizationId,
    subject: message.subject,
    body: message.body,
    petitionIds: message.petitionIds,
    audience: {
      countries: message.audienceCountries,
      postalPrefixes: message.audiencePostalPrefixes,
    },
  })
  const context = await getMessageSendContext(messageId)
  await sendMail({
    from: fromAddress(context!.organizationName),
    to,
    ...(context!.replyTo ? { replyTo: context!.replyTo } : {}),
    subject: `[Test] ${preview.subject}`,
    html: preview.html,
    text: preview.text,
  })
  return preview
}
