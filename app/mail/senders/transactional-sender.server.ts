import { OUTBOUND_EMAILS } from '~/models/outbound-email.server'
import { env } from '~/utils/env.server'
import { QUEUES } from '~/utils/jobs.server'
import { composeTransactionalMail } from '../transactional-mail.server'
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
  return runSender(
    {
      kind: OUTBOUND_EMAILS,
      queue: QUEUES.mailOutbound,
      concurrency: 5,
      batchSize: 50,
      async compose(email) {
        const mail = await composeTransactionalMail(email, appUrl)
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
