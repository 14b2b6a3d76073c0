import { foldSignatureStats } from '~/models/petition-stats.server'

/** Folds signature statistics deltas into the rollups (woken by moderation, and each minute). */
export async function foldStatsJob(): Promise<void> {
  while ((await foldSignatureStats()) >= 200_000) {
    // A large backlog (a bulk load): keep folding until it is gone.
  }
}
