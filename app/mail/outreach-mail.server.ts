import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { render as renderOutreach, type OutreachProps } from '../../emails/outreach'
import { jurisdictionRegion } from '~/domain/regions'
import { regionLabel } from './packet.server'
import type { RenderedEmail } from '../../emails/layout'
import { NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import type { PetitionDelivery, PetitionMergeData } from '~/models/merge-data.server'
import { streamSignaturesCsv } from '~/models/signature-list.server'
import { renderMarkdown } from '~/utils/markdown.server'
import { formatDateTime } from '~/utils/time'
import { outreachMergeContext } from './merge-context.server'
import { renderMessage, type CompiledMessage } from './templates.server'

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
  packet = null,
  inJurisdiction = null,
  appUrl,
  now,
}: {
  compiled: CompiledMessage
  merge: PetitionMergeData
  petition: PetitionDelivery
  official: { name: string; title: string | null }
  organizerName: string | null
  attachmentName: string | null
  packet?: OutreachProps['packet']
  /** Counted signers within the case's jurisdiction, read when the copy leaves. */
  inJurisdiction?: number | null
  appUrl: string
  now?: Date
}): RenderedEmail {
  const region = jurisdictionRegion(petition.jurisdiction)
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
      inJurisdiction:
        region && inJurisdiction !== null
          ? { count: inJurisdiction, label: regionLabel(region) }
          : null,
    },
    case: {
      personName: petition.personName,
      caseNumber: petition.caseNumber,
      jurisdiction: petition.jurisdiction,
      nextDate: petition.nextDate ? formatDateTime(petition.nextDate, petition.timeZone) : null,
      nextDateLabel: kind,
    },
    attachmentName,
    packet,
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
