import { recordFailedAttempt } from '~/models/delivery-attempts.server'
import type { SendMailOptions } from 'nodemailer'
import { render as renderLetterDigest } from '../../emails/letter-digest'
import type { RenderedEmail } from '../../emails/layout'
import { buildDueLetterDigests, type BuiltDigest } from '~/models/letter-digest.server'
import {
  claimDueLetterDigests,
  getDigestLetters,
  getLetterDigestContext,
  markLetterDigestSent,
  nextLetterDigestDueAt,
  type ClaimedLetterDigest,
  type DigestLetterRow,
  type LetterDigestContext,
} from '~/models/letter-digest-delivery.server'
import { publicName } from '~/models/public-petition.server'
import { csvCell } from '~/models/signature-list.server'
import { NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { env } from '~/utils/env.server'
import { QUEUES, wake } from '~/utils/jobs.server'
import { fromAddress, isPermanentFailure, sendMail } from '~/mail/transport.server'
import { formatDate, formatDateTime } from '~/utils/time'

/**
 * The letters job (queue `letters.digest`, every minute and woken for
 * retries): builds the digests that are due (buildDueLetterDigests), then
 * sends due digests, claimed a few at a time with FOR UPDATE SKIP LOCKED
 * and a lease, each recorded as soon as the SMTP server answers. Any
 * number of workers may run it at once. See docs/decisions/023-letter-digests.md.
 */

/** A claimed digest is another worker's after this long: more than one send can take (timeouts 10 + 10 + 30 s), and within the minute the engine promises. */
export const LEASE_SECONDS = 60
/** Digests claimed at once; each is one mail, sent side by side. */
const BATCH = 5
/** Letters shown in the mail itself; a larger digest carries all of them as a CSV file too. */
export const INLINE_LETTERS = 200

/**
 * One digest as the official gets it: the letters (the first INLINE_LETTERS
 * inline, all of them in a CSV attachment beyond that), signers named by
 * first name and last initial, never an email.
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
  digest: Pick<ClaimedLetterDigest, 'kind'>
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
    ? [
        'signer,locality,date,letter',
        ...rows.map((r) => [r.signer, r.locality, r.date, r.text].map(csvCell).join(',')),
      ].join('\r\n') + '\r\n'
    : null
  return {
    ...rendered,
    attachments:
      csv && attachmentName
        ? [{ filename: attachmentName, content: csv, contentType: 'text/csv; charset=utf-8' }]
        : [],
  }
}

async function deliver(digest: ClaimedLetterDigest, appUrl: string): Promise<void> {
  const fail = (error: unknown, permanent: boolean) =>
    recordFailedAttempt('letter_digests', {
      id: digest.id,
      error: (error as Error).message,
      permanent,
      attempts: digest.attempts,
      queuedAt: digest.queuedAt,
    })
  const context = await getLetterDigestContext(digest)
  const letters = await getDigestLetters(digest.id)
  if (!context || letters.length === 0) {
    await fail(new Error('No letters left to send: moderation removed them.'), true)
    return
  }
  const mail = composeLetterDigest({ context, letters, digest, appUrl })
  let smtpMessageId: string
  try {
    const info = await sendMail({
      from: fromAddress(context.organizationName),
      to: digest.toAddress,
      ...(context.replyTo
        ? {
            replyTo: context.replyTo.name
              ? { name: context.replyTo.name, address: context.replyTo.address }
              : context.replyTo.address,
          }
        : {}),
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      attachments: mail.attachments,
    })
    smtpMessageId = info.messageId
  } catch (error) {
    await fail(error, isPermanentFailure(error))
    return
  }
  // Recorded the moment the server said 250: only a crash in between can repeat it.
  await markLetterDigestSent({ id: digest.id, smtpMessageId, letterCount: letters.length })
}

/** Wakes the queue at `at` (a retry falling due, or a lease running out). */
async function wakeAt(at: Date): Promise<void> {
  const seconds = Math.max(1, Math.ceil((at.getTime() - Date.now()) / 1000))
  // One waiting wake per 10-second slot, so an earlier one is never refused.
  const slot = Math.ceil((Date.now() + seconds * 1000) / 10_000)
  await wake(QUEUES.lettersDigest, { startAfter: seconds, singletonKey: `at:${slot}` })
}

/** Wakes the job now (a digest sent again from the dashboard). */
export function wakeLetterDigests(): Promise<void> {
  return wake(QUEUES.lettersDigest)
}

/** Sends every due digest; returns how many were claimed. */
export async function sendDueLetterDigests(): Promise<number> {
  const { appUrl } = env()
  let claimed = 0
  for (;;) {
    const batch = await claimDueLetterDigests({ limit: BATCH, leaseSeconds: LEASE_SECONDS })
    if (batch.length === 0) break
    claimed += batch.length
    await Promise.all(batch.map((digest) => deliver(digest, appUrl)))
  }
  const due = await nextLetterDigestDueAt()
  if (due) await wakeAt(due)
  return claimed
}

/** The job: build what is due at `now`, then send. */
export async function letterDigestsJob({ now = new Date() }: { now?: Date } = {}): Promise<{
  built: BuiltDigest[]
  claimed: number
}> {
  const built = await buildDueLetterDigests({ now })
  const claimed = await sendDueLetterDigests()
  return { built, claimed }
}
