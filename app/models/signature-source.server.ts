import { db } from '~/utils/db.server'
import { countedSignature } from './rules.server'

export interface SourceCount {
  source: string
  totalSignatures: number
}

/** At most this many sources per petition, the largest first: a list, not a report. */
export const SOURCE_LIMIT = 50

/**
 * Counted signatures per source (decision 035) for each petition, the
 * largest first; signatures without a source are left out (the count less
 * their sum). Read from signatures_petition_source_idx.
 */
export async function countSignaturesBySource(
  petitionIds: string[],
): Promise<Map<string, SourceCount[]>> {
  const out = new Map<string, SourceCount[]>(petitionIds.map((id) => [id, []]))
  if (petitionIds.length === 0) return out
  const rows = await db()<{ petitionId: string; source: string; totalSignatures: number }[]>`
    select petition_id, source, total_signatures from (
      select s.petition_id, s.source, count(*)::int as total_signatures,
        row_number() over (partition by s.petition_id order by count(*) desc, s.source) as rank
      from signatures s
      where s.petition_id = any(${petitionIds}::uuid[]) and s.source is not null
        and ${countedSignature('s')}
      group by s.petition_id, s.source
    ) ranked
    where rank <= ${SOURCE_LIMIT}
    order by petition_id, rank`
  for (const row of rows)
    out.get(row.petitionId)?.push({ source: row.source, totalSignatures: row.totalSignatures })
  return out
}

/** The same for one petition. */
export async function signatureSources(petitionId: string): Promise<SourceCount[]> {
  return (await countSignaturesBySource([petitionId])).get(petitionId) ?? []
}
