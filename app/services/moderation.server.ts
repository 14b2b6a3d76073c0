import {
  holdSignatures,
  invalidateSignatures,
  releaseHeldSignatures,
  undoModerationAction,
} from '~/models/moderation.server'
import { QUEUES, wake } from '~/utils/jobs.server'

/**
 * Moderation (decisions 005 and 026): invalidating, undoing, holding and
 * releasing are set-based SQL in models/moderation.server.ts; each that
 * changed anything wakes the count and statistics roll-ups, so the
 * petition's numbers move at once rather than at the next sweep, and a
 * release that queued confirmations wakes the mail job.
 */

async function rolledUp<T extends { affected: number } | null>(result: Promise<T>): Promise<T> {
  const done = await result
  if (done?.affected) await Promise.all([wake(QUEUES.countsRollup), wake(QUEUES.statsRollup)])
  return done
}

export function invalidate(input: Parameters<typeof invalidateSignatures>[0]) {
  return rolledUp(invalidateSignatures(input))
}

export function undo(input: Parameters<typeof undoModerationAction>[0]) {
  return rolledUp(undoModerationAction(input))
}

/**
 * Releases held signatures: the confirmations it queued wake the mail job,
 * and those that count from now on are announced to webhooks
 * (signature.confirmed).
 */
export async function release(input: Parameters<typeof releaseHeldSignatures>[0]) {
  const done = await rolledUp(releaseHeldSignatures(input))
  if (done?.mailed) await wake(QUEUES.mailOutbound)
  if (done?.confirmed) await wake(QUEUES.webhookDelivery)
  return done
}

/** Holds a source's recent signatures (one click on the petition's page). */
export function hold(input: Parameters<typeof holdSignatures>[0]) {
  return rolledUp(holdSignatures(input))
}
