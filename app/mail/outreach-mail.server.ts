import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { render as renderOutreach } from '../../emails/outreach'
import type { RenderedEmail } from '../../emails/layout'
import type { PetitionMergeData } from '~/models/message.server'
import {
  checkOutreach,
  getPetitionDelivery,
  outreachMergeContext,
  type PetitionDelivery,
} from '~/models/outreach.server'
import { NEXT_DATE_KIND_LABELS } from '~/domain/states'
import { fromAddress, sendMail } from './transport.server'
import { streamSignaturesCsv } from '~/models/signature-list.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { formatDateTime } from '~/utils/time'
import { compileMessage, renderMessage, type CompiledMessage } from './templates.server'

/**
 * One official's copy of an outreach: the letter merged for them (strictly:
 * throws TemplateError rather than leave a blank) and the petition as it
 * stands now, in the layout. Used by the delivery job and the preview.
 */
export function composeOutreachMail({
  compiled,
  merge,
  petition,
  official,
  organizerName,
  attachmentName,
  appUrl,
  now,
}: {
  compiled: CompiledMessage
  merge: PetitionMergeData
  petition: PetitionDelivery
  official: { name: string; title: string | null }
  organizerName: string | null
  attachmentName: string | null
  appUrl: string
  now?: Date
}): RenderedEmail {
  const merged = renderMessage(compiled, outreachMergeContext(merge, official, { appUrl, now }))
  const kind = petition.nextDateKind ? NEXT_DATE_KIND_LABELS[petition.nextDateKind] : 'Next date'
  return renderOutreach({
    ...merged,
    organizationName: merge.organizationName,
    organizerName,
    petition: {
      title: petition.title,
      bodyHtml: renderMarkdown(petition.body),
      bodyText: petition.body.trim(),
      url: `${appUrl}/petitions/${petition.slug}`,
      signatureCount: petition.signatureCount,
      goal: petition.goal,
    },
    case: {
      personName: petition.personName,
      caseNumber: petition.caseNumber,
      jurisdiction: petition.jurisdiction,
      nextDate: petition.nextDate ? formatDateTime(petition.nextDate, petition.timeZone) : null,
      nextDateLabel: kind,
    },
    attachmentName,
  })
}

/** The attachment's file name: the petition's slug and the day. */
export function signersCsvName(slug: string, now = new Date()): string {
  return `${slug}-signers-${now.toISOString().slice(0, 10)}.csv`
}

/**
 * The petition's confirmed signers as CSV for an official: names,
 * localities, postal codes, countries, comments and dates, never an email
 * (signature-list.server.ts's export without emails, formula cells
 * neutralized). A fresh stream for each copy, read by nodemailer as it
 * writes the attachment, so a large petition's list is never held whole.
 */
export async function signersCsv({
  organizationId,
  petitionId,
}: {
  organizationId: string
  petitionId: string
}): Promise<Readable> {
  const stream = await streamSignaturesCsv({ organizationId, petitionId, includeEmails: false })
  if (!stream) throw new Error('The petition is gone.')
  return Readable.fromWeb(stream as NodeReadableStream<Uint8Array>)
}

export interface OutreachPreview extends RenderedEmail {
  officialName: string
  /** The attachment's file name when the signers are attached. */
  attachmentName: string | null
}

/**
 * The outreach as the first chosen official would get it now, with the
 * petition's real count and case. Throws OutreachInputError or
 * TemplateError, as creating it would.
 */
export async function previewOutreach(input: {
  organizationId: string
  petitionId: string
  officialIds: string[]
  subject: string
  body: string
  attachSignersCsv: boolean
  organizerName: string | null
  appUrl: string
}): Promise<OutreachPreview> {
  const { officials, petition: merge } = await checkOutreach(input)
  const petition = (await getPetitionDelivery(input.petitionId))!
  const official = officials[0]!
  const attachmentName = input.attachSignersCsv ? signersCsvName(petition.slug) : null
  return {
    officialName: official.name,
    attachmentName,
    ...composeOutreachMail({
      compiled: compileMessage(input),
      merge,
      petition,
      official,
      organizerName: input.organizerName,
      attachmentName,
      appUrl: input.appUrl,
    }),
  }
}

/**
 * Sends the organizer a test copy of an outreach not yet written, now, as
 * the preview shows it (subject marked "[Test]", the signers attached when
 * asked). No official gets anything. Throws as previewOutreach does.
 */
export async function sendTestOutreach(
  input: Parameters<typeof previewOutreach>[0] & {
    organizationName: string
    to: string
  },
): Promise<OutreachPreview> {
  const preview = await previewOutreach(input)
  const csv = preview.attachmentName
    ? await signersCsv({ organizationId: input.organizationId, petitionId: input.petitionId })
    : null
  await sendMail({
    from: fromAddress(input.organizationName),
    to: input.to,
    subject: `[Test] ${preview.subject}`,
    html: preview.html,
    text: preview.text,
    ...(csv && preview.attachmentName
      ? {
          attachments: [
            { filename: preview.attachmentName, content: csv, contentType: 'text/csv' },
          ],
        }
      : {}),
  })
  return preview
}
