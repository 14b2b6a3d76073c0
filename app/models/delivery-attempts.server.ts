import { db } from '~/utils/db.server'

/**
 * What every delivery record shares — a transactional mail, a campaign's
 * row per signer, an outreach's copy per official, a letter digest — once a worker has claimed
 * it (status `sending`, under a lease): the retry policy, and how a failed
 * attempt is recorded. See docs/decisions/020-delivery-engine.md.
 */

/** The tables whose rows are delivery records with this policy. */
export type DeliveryTable =
  'outbound_emails' | 'message_deliveries' | 'outreach_deliveries' | 'letter_digests'

/** Temporary failures back off: 30 s, 1 min, 2 min … up to an hour between tries. */
export function deliveryRetryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600)
}

/** How long temporary failures are retried, counted from when the record was queued. */
export const DELIVERY_RETRY_HOURS = 24

/**
 * Records a failed attempt: permanent ones (5xx, a template that no longer
 * renders) and temporary ones older than the retry window end as failed
 * with the reason; others are queued again after the backoff. A record no
 * longer `sending` (its message or outreach was cancelled meanwhile) is left
 * as it is.
 */
export async function recordFailedAttempt(
  table: DeliveryTable,
  {
    id,
    error,
    permanent,
    attempts,
    queuedAt,
  }: {
    id: string
    error: string
    permanent: boolean
    /** Attempts so far, this one included. */
    attempts: number
    queuedAt: Date
  },
): Promise<'retry' | 'failed'> {
  const giveUp = permanent || Date.now() - queuedAt.getTime() > DELIVERY_RETRY_HOURS * 3_600_000
  const delay = deliveryRetryDelaySeconds(attempts)
  const sql = db()
  await sql`
    update ${sql(table)}
    set status = ${giveUp ? 'failed' : 'queued'}, last_error = ${error.slice(0, 1000)},
      next_attempt_at = now() + ${delay} * interval '1 second'
    where id = ${id} and status = 'sending'`
  return giveUp ? 'failed' : 'retry'
}
