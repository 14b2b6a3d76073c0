import {
  invalidateSignatures,
  releaseHeldSignatures,
  undoModerationAction,
} from '~/models/moderation.server'
import { QUEUES, wake } from '~/utils/jobs.server'

/**
 * Moderation (decision 005): invalidating, undoing and releasing are
 * set-based SQL in models/moderation.server.ts; each that changed anything
 * wakes the count and statistics roll-ups, so the petition's numbers move
 * at once rather than at the next sweep.
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

/** Released signatures that now count are announced to webhooks (signature.confirmed). */
export async function release(input: Parameters<typeof releaseHeldSignatures>[0]) {
  const done = await rolledUp(releaseHeldSignatures(input))
  if (done?.confirmed) await wake(QUEUES.webhookDelivery)
  return done
}
