import { backfillSignatureRegions } from '~/models/signer-regions.server'

/**
 * Resolves the region of signatures made before Vigil kept one (migration
 * 00019), batch by batch until none is left. Run when the worker starts
 * and hourly; a run that finds nothing costs one index probe.
 */
export async function backfillRegionsJob(): Promise<number> {
  let total = 0
  let after: string | undefined
  for (;;) {
    const { resolved, last } = await backfillSignatureRegions({ after })
    total += resolved
    if (!last) return total
    after = last
  }
}
