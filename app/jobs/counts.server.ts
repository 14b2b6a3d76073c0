import { repairAllCounts, rollupCounts } from '~/models/count.server'
import { noticeMilestones } from '~/services/milestones.server'

/**
 * Folds pending count deltas (woken by each confirmation); the counts
 * moved here, so here is where a petition passes a milestone.
 */
export async function rollupCountsJob(): Promise<void> {
  await noticeMilestones(await rollupCounts())
}

/** Recounts every petition from its signatures (on a schedule). */
export async function repairCountsJob(): Promise<void> {
  await repairAllCounts()
}
