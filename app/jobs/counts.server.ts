import { repairAllCounts, rollupCounts } from '~/models/count.server'

/** Folds pending count deltas (woken by each confirmation). */
export async function rollupCountsJob(): Promise<void> {
  await rollupCounts()
}

/** Recounts every petition from its signatures (on a schedule). */
export async function repairCountsJob(): Promise<void> {
  await repairAllCounts()
}
