import {
  FOLD_BATCH,
  foldSignatureStats,
  vacuumSignatureStatDeltas,
} from '~/models/petition-stats.server'

/** Deltas folded at once after which the job vacuums their table (see the model). */
const VACUUM_AFTER = 20_000

/** Folds signature statistics deltas into the rollups (woken by moderation, and each minute). */
export async function foldStatsJob(): Promise<void> {
  let folded = 0
  for (;;) {
    const n = await foldSignatureStats()
    folded += n
    if (n < FOLD_BATCH) break
  }
  if (folded >= VACUUM_AFTER) await vacuumSignatureStatDeltas()
}
