import type { SendMailOptions } from 'nodemailer'
import { render as renderLetterDigest } from '../../emails/letter-digest'
import type { RenderedEmail } from '../../emails/layout'
import type {
  DigestLetterRow,
  LetterDigestContext,
  LetterDigestToSend,
} from '~/models/letter-digest-delivery.server'
import { publicName } from '~/models/public-petition.server'
import { CSV_BOM, csvCell } from '~/models/signature-list.server'
import { NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { formatDate, formatDateTime } from '~/utils/time'

/** Letters shown in the mail itself; a larger digest carries all of them as a CSV file too. */
const INLINE_LETTERS = 200

/**
 * One digest as the official gets it: the letters (the first INLINE_LETTERS
 * inline, all of them in a CSV attachment beyond that), signers named by
 * first name and last initial, never an email.
 * See docs/decisions/023-letter-digests.md.
 */
export function composeLetterDigest({
  context,
  letters,
  digest,
  appUrl,
  now = new Date(),
}: {
  context: LetterDigestContext
  letters: DigestLetterRow[]
  digest: Pick<LetterDigestToSend, 'kind'>
  appUrl: string
  now?: Date
}): RenderedEmail & { attachments: NonNullable<SendMailOptions['attachments']> } {
  const tz = context.timeZone
  const rows = letters.map((l) => ({
    signer: publicName(l.name),
    locality: l.locality,
    date: formatDate(l.confirmedAt, tz),
    text: l.letter,
  }))
  const attach = rows.length > INLINE_LETTERS
  const attachmentName = attach
    ? `letters-${context.petitionSlug}-${now.toISOString().slice(0, 10)}.csv`
    : null
  const rendered = renderLetterDigest({
    organizationName: context.organizationName,
    officialName: context.officialName,
    officialTitle: context.officialTitle,
    petitionTitle: context.petitionTitle,
    petitionUrl: `${appUrl}/petitions/${context.petitionSlug}`,
    personName: context.personName,
    totalSignatures: context.signatureCount,
    letterCount: rows.length,
    letters: rows.slice(0, INLINE_LETTERS),
    attachmentName,
    deadline:
      context.nextDate && context.nextDate.getTime() > now.getTime()
        ? {
            kind: context.nextDateKind ? NEXT_DATE_KIND_LABELS[context.nextDateKind] : 'Next date',
            date: formatDateTime(context.nextDate, tz),
          }
        : null,
    final: digest.kind === 'final',
  })
  const csv = attach
    ? CSV_BOM +
      [
        'signer,locality,date,letter',
        ...rows.map((r) => [r.signer, r.locality, r.date, r.text].map(csvCell).join(',')),
      ].join('\r\n') +
      '\r\n'
    : null
  return {
    ...rendered,
    attachments:
      csv && attachmentName
        ? [{ filename: attachmentName, content: csv, contentType: 'text/csv; charset=utf-8' }]
        : [],
  }
}
