import { OUTBOUND_EMAILS } from '~/models/outbound-email.server'
import { env } from '~/utils/env.server'
import { QUEUES } from '~/utils/jobs.server'
import type { SignatureMail } from '~/models/confirmation.server'
import { composeTransactionalMail, prepareSignatureMails } from '../transactional-mail.server'
import { fromAddress } from '../transport.server'
import { runSender, type RunOptions } from './pipeline.server'

/**
 * The transactional sender: due outbound_emails rows, rendered as they
 * leave, through the delivery queue's send loop. Woken after each enqueue
 * and by a schedule. See docs/decisions/007-transactional-mail.md.
 */

/** Sends every due mail; returns how many were claimed. */
export function sendDueMail(options: RunOptions = {}): Promise<number> {
  const { appUrl } = env()
  // Signers' mails of the batches claimed, read a batch at a time (one statement, not two a mail).
  const prepared = new Map<string, SignatureMail | null>()
  return runSender(
    {
      kind: OUTBOUND_EMAILS,
      queue: QUEUES.mailOutbound,
      concurrency: 5,
      batchSize: 50,
      async prepareBatch(rows) {
        for (const [rowId, mail] of await prepareSignatureMails(rows)) prepared.set(rowId, mail)
        return rows
      },
      async compose(email) {
        const mail = await composeTransactionalMail(email, appUrl, prepared)
        prepared.delete(email.id)
        if (!mail) return 'not-needed'
        return {
          from: fromAddress(mail.fromName),
          to: email.toAddress,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          headers: mail.headers,
        }
      },
    },
    options,
  )
}
