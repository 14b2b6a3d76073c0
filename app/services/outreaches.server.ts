import { sendTime } from '~/domain/schedule'
import { outreachMergeContext } from '~/mail/merge-context.server'
import { composeOutreachMail, signersCsv, signersCsvName } from '~/mail/outreach-mail.server'
import type { RenderedEmail } from '../../emails/layout'
import { compileMessage, validateMessageTemplate } from '~/mail/templates.server'
import { fromAddress, sendMail } from '~/mail/transport.server'
import { getPetitionDelivery, getPetitionMergeData } from '~/models/merge-data.server'
import {
  cancelOutreach as cancelOutreachRows,
  checkOutreachTargets,
  createOutreach as insertOutreach,
  type OutreachWithDeliveries,
} from '~/models/outreach.server'
import { env } from '~/utils/env.server'
import { packetFileName } from '~/mail/packet.server'
import { preparePacket } from '~/mail/packet-attachment.server'
import { jurisdictionCount } from '~/models/signer-regions.server'
import { QUEUES, wakeAt } from '~/utils/jobs.server'
import { recordAudit } from '~/models/audit-log.server'

/**
 * Outreach to officials, as the dashboard and the API both run it: the
 * petition must be published and the officials the organization's, with
 * an email; the letter must render for each of them; the copies are
 * written and the delivery job woken for their time. See
 * docs/decisions/022-outreach.md.
 */

interface OutreachDraft {
  organizationId: string
  petitionId: string
  officialIds: string[]
  subject: string
  body: string
  attachSignersCsv: boolean
  /** The delivery packet (PDF) attached, or linked when too large (decision 028). */
  attachPacket?: boolean
}

/** The officials, after the letter was rendered for each; throws OutreachInputError or TemplateError. */
async function checkOutreach(input: OutreachDraft) {
  const officials = await checkOutreachTargets(input)
  const [merge] = await getPetitionMergeData([input.petitionId])
  const { appUrl } = env()
  validateMessageTemplate(
    input,
    officials.map((o) => outreachMergeContext(merge!, o, { appUrl })),
  )
  return { officials, merge: merge! }
}

/**
 * Writes an outreach (one copy per official) to go now or at `scheduledAt`
 * (a time already past sends now, or is refused with `ifPast: 'refuse'`)
 * and wakes the delivery job for it. Throws OutreachInputError,
 * TemplateError or SendTimePassedError.
 */
export async function createOutreach({
  scheduledAt = null,
  ifPast = 'send-now',
  ...input
}: OutreachDraft & {
  createdBy: string | null
  scheduledAt?: Date | null
  ifPast?: 'refuse' | 'send-now'
}): Promise<OutreachWithDeliveries> {
  const at = sendTime(scheduledAt, ifPast)
  const { officials } = await checkOutreach(input)
  const outreach = await insertOutreach({ ...input, officials, scheduledAt: at })
  await wakeAt(QUEUES.outreachDelivery, outreach.scheduledAt)
  await recordAudit({
    organizationId: input.organizationId,
    actorId: input.createdBy,
    action: 'outreach.created',
    subjectType: 'outreach',
    subjectId: outreach.id,
    summary: `Outreach "${outreach.subject}" to ${outreach.deliveries.length} officials about ${outreach.petitionTitle}${at ? `, at ${at.toISOString()}` : ''}`,
    details: { petitionId: outreach.petitionId, scheduledAt: at },
  })
  return outreach
}

/**
 * Cancels a scheduled or sending outreach. Null when it is not the
 * organization's; OutreachStateError once it is sent.
 */
export async function cancelOutreach(input: {
  organizationId: string
  outreachId: string
  actorId?: string | null
}): Promise<OutreachWithDeliveries | null> {
  const outreach = await cancelOutreachRows(input)
  if (outreach)
    await recordAudit({
      organizationId: input.organizationId,
      actorId: input.actorId ?? null,
      action: 'outreach.cancelled',
      subjectType: 'outreach',
      subjectId: outreach.id,
      summary: `Outreach "${outreach.subject}" cancelled`,
    })
  return outreach
}

export interface OutreachPreview extends RenderedEmail {
  officialName: string
  /** The attachment's file name when the signers are attached. */
  attachmentName: string | null
  /** The delivery packet's file name when it goes with the mail (attached, or linked if too large). */
  packetName: string | null
}

/**
 * The outreach as the first chosen official would get it now, with the
 * petition's real count and case. Throws as createOutreach does.
 */
export async function previewOutreach(
  input: OutreachDraft & { organizerName: string | null },
): Promise<OutreachPreview> {
  const { officials, merge } = await checkOutreach(input)
  const petition = (await getPetitionDelivery(input.petitionId))!
  const official = officials[0]!
  const attachmentName = input.attachSignersCsv ? signersCsvName(petition.slug) : null
  const packetName = input.attachPacket ? packetFileName(petition.slug) : null
  const inJurisdiction = await jurisdictionCount({
    id: petition.petitionId,
    jurisdiction: petition.jurisdiction,
  })
  return {
    officialName: official.name,
    attachmentName,
    packetName,
    ...composeOutreachMail({
      compiled: compileMessage(input),
      merge,
      petition,
      official,
      organizerName: input.organizerName,
      attachmentName,
      packet: packetName ? { filename: packetName, link: null } : null,
      inJurisdiction,
      appUrl: env().appUrl,
    }),
  }
}

/**
 * Sends the organizer a test copy of an outreach not yet written, now, as
 * the preview shows it (subject marked "[Test]", the signers attached when
 * asked). No official gets anything. Throws as previewOutreach does.
 */
export async function sendTestOutreach(
  input: Parameters<typeof previewOutreach>[0] & { organizationName: string; to: string },
): Promise<OutreachPreview> {
  const preview = await previewOutreach(input)
  const csv = preview.attachmentName
    ? await signersCsv({ organizationId: input.organizationId, petitionId: input.petitionId })
    : null
  // The packet as the officials will get it: a file, or the link when too large.
  const packet = input.attachPacket
    ? await preparePacket({
        organizationId: input.organizationId,
        petitionId: input.petitionId,
        appUrl: env().appUrl,
      })
    : null
  try {
    await sendMail({
      from: fromAddress(input.organizationName),
      to: input.to,
      subject: `[Test] ${preview.subject}`,
      html: preview.html,
      text: preview.text,
      attachments: [
        ...(csv && preview.attachmentName
          ? [{ filename: preview.attachmentName, content: csv, contentType: 'text/csv' }]
          : []),
        ...(packet?.path
          ? [{ filename: packet.filename, path: packet.path, contentType: 'application/pdf' }]
          : []),
      ],
    })
  } finally {
    await packet?.discard()
  }
  return preview
}
