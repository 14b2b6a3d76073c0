import { countSignaturesBySource, type SourceCount } from '~/models/signature-source.server'
import { jurisdictionCounts } from '~/models/signer-regions.server'

/** The counts every petition resource carries beside the count itself. */
export interface PetitionCounts {
  /** Counted signers within the case's jurisdiction; null where Vigil cannot tell. */
  inJurisdiction: number | null
  /** Counted signatures per source, the largest first (decision 035). */
  sources: SourceCount[]
}

/** Each petition's counts, read in two queries for a whole list. */
export async function petitionCountsFor(
  petitions: { id: string; jurisdiction: string }[],
): Promise<Map<string, PetitionCounts>> {
  const ids = petitions.map((p) => p.id)
  const [inJurisdiction, sources] = await Promise.all([
    jurisdictionCounts(petitions),
    countSignaturesBySource(ids),
  ])
  return new Map(
    ids.map((id) => [
      id,
      { inJurisdiction: inJurisdiction.get(id) ?? null, sources: sources.get(id) ?? [] },
    ]),
  )
}

/** One petition's counts. */
export async function petitionCounts(p: {
  id: string
  case: { jurisdiction: string }
}): Promise<PetitionCounts> {
  const counts = await petitionCountsFor([{ id: p.id, jurisdiction: p.case.jurisdiction }])
  return counts.get(p.id)!
}

/** `sources` as the API shows it: `[{"source", "total_signatures"}]`. */
export function sourcesResource(sources: SourceCount[]) {
  return sources.map((s) => ({ source: s.source, total_signatures: s.totalSignatures }))
}
