import {
  getDigestLetters,
  getLetterDigestContext,
  LETTER_DIGESTS,
  setDigestLetterCount,
} from '~/models/letter-digest-delivery.server'
import { env } from '~/utils/env.server'
import { QUEUES } from '~/utils/jobs.server'
import { composeLetterDigest } from '../letter-digest-mail.server'
import { fromAddress, PermanentMailError } from '../transport.server'
import { runSender, type RunOptions } from './pipeline.server'

/**
 * The letter-digest sender: each due digest, with the letters it still
 * carries, through the delivery queue's send loop, a few side by side.
 * See docs/decisions/023-letter-digests.md.
 */

/** Sends every due digest; returns how many were claimed. */
export function sendDueLetterDigests(options: RunOptions = {}): Promise<number> {
  const { appUrl } = env()
  return runSender(
    {
      kind: LETTER_DIGESTS,
      queue: QUEUES.lettersDigest,
      concurrency: 5,
      batchSize: 5,
      async compose(digest) {
        const context = await getLetterDigestContext(digest)
        const letters = await getDigestLetters(digest.id)
        if (!context || letters.length === 0)
          throw new PermanentMailError('No letters left to send: moderation removed them.')
        if (letters.length !== digest.letterCount)
          await setDigestLetterCount({ id: digest.id, letterCount: letters.length })
        const mail = composeLetterDigest({ context, letters, digest, appUrl })
        return {
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
        }
      },
    },
    options,
  )
}
