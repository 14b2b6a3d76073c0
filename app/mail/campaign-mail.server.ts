import { render as renderCampaign } from '../../emails/campaign'
import type { RenderedEmail } from '../../emails/layout'
import {
  buildMergeContext,
  getMessageForOrganization,
  getMessageSendContext,
  getPetitionMergeData,
  getPreviewSupporter,
  supporterMergeFields,
  UnknownPetitionsError,
  type PetitionMergeData,
} from '~/models/message.server'
import { fromAddress, sendMail } from './transport.server'
import { isUuid } from '~/models/petition.server'
import type { Audience } from '~/validation/message'
import {
  messageRenderer,
  TemplateError,
  validateMessageTemplate,
  type CompiledMessage,
} from './templates.server'

/**
 * Campaign mails for the recipients of one message and petition: merged
 * (strictly: throws TemplateError rather than leave a blank), sanitized, in
 * the layout. The merge is rendered once where that gives the same mail
 * (see messageRenderer); the delivery job keeps one composer per petition.
 */
export function campaignComposer({
  compiled,
  petition,
  appUrl,
  now,
}: {
  compiled: CompiledMessage
  petition: PetitionMergeData
  appUrl: string
  now?: Date
}): (supporterName: string, unsubscribeUrl: string) => RenderedEmail {
  const { supporter: _sample, ...shared } = buildMergeContext(
    petition,
    { name: '' },
    { appUrl, now },
  )
  const render = messageRenderer(compiled, shared)
  return (supporterName, unsubscribeUrl) =>
    renderCampaign({
      ...render(supporterMergeFields(supporterName)),
      organizationName: petition.organizationName,
      petitionTitle: petition.title,
      unsubscribeUrl,
    })
}

/** One campaign mail for one person: the preview and the test send. */
export function composeCampaignMail({
  supporterName,
  unsubscribeUrl,
  ...message
}: {
  compiled: CompiledMessage
  petition: PetitionMergeData
  supporterName: string
  unsubscribeUrl: string
  appUrl: string
  now?: Date
}): RenderedEmail {
  return campaignComposer(message)(supporterName, unsubscribeUrl)
}

export interface CampaignPreview extends RenderedEmail {
  /** Whose data the preview shows: the latest subscribed signer, or a sample. */
  supporterName: string
  petitionTitle: string
}

/**
 * A template as a signer would get it, with real data: the latest
 * confirmed, subscribed signer of the targets in the audience's regions (or a sample name when there
 * is none), and that petition's case and count. Throws TemplateError for a
 * template that does not render, UnknownPetitionsError for petitions that
 * are not the organization's.
 */
export async function previewCampaign({
  organizationId,
  subject,
  body,
  petitionIds,
  audience,
  appUrl,
}: {
  organizationId: string
  subject: string
  body: string
  petitionIds: string[]
  /** Preview as a signer in these regions. */
  audience?: Audience
  appUrl: string
}): Promise<CampaignPreview> {
  const data = (await getPetitionMergeData(petitionIds.filter(isUuid))).filter(
    (d) => d.organizationId === organizationId,
  )
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
 * it (subject marked "[Test]"). Returns null when the message is not the
 * organization's.
 */
export async function sendTestCampaign({
  organizationId,
  messageId,
  to,
  appUrl,
}: {
  organizationId: string
  messageId: string
  to: string
  appUrl: string
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
    appUrl,
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

/**
 * A campaign model error as the dashboard's field errors (beside subject,
 * body or the petitions), or null when it is not one of them.
 */
export function messageFieldErrors(error: unknown): Record<string, string[]> | null {
  if (error instanceof TemplateError) return { ...error.fields } as Record<string, string[]>
  if (error instanceof UnknownPetitionsError)
    return { petitionIds: ['Choose among your own petitions.'] }
  return null
}
