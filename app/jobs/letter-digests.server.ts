import { sendDueLetterDigests } from '~/mail/senders/letter-digest-sender.server'
import { buildDueLetterDigests, type BuiltDigest } from '~/models/letter-digest.server'

/**
 * The letters job (queue `letters.digest`, every minute and woken for
 * retries): builds the digests that are due, then sends the due ones.
 * See docs/decisions/023-letter-digests.md.
 */
export async function letterDigestsJob({
  now = new Date(),
  signal,
}: { now?: Date; signal?: AbortSignal } = {}): Promise<{ built: BuiltDigest[]; claimed: number }> {
  const built = await buildDueLetterDigests({ now })
  const claimed = await sendDueLetterDigests({ signal })
  return { built, claimed }
}
