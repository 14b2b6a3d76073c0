import { db } from '~/utils/db.server'
import { jurisdictionRegion, regionForPostalCode } from '~/domain/regions'
import { COUNTED } from './rules.server'

/**
 * Where the signers are, counted from the statistics rollups (plus the
 * deltas not yet folded, as petition-stats.server.ts does), so a count by
 * region is a few index reads whatever the petition's size. The rollups'
 * region is the signature's own `region` (decision 027).
 */

/**
 * Counted signers within each petition's jurisdiction: `US-TX` counts that
 * state, `US` the whole country. A petition whose jurisdiction is null is
 * left out (Vigil cannot tell).
 */
export async function countInJurisdictions(
  petitions: { petitionId: string; region: string | null }[],
): Promise<Map<string, number>> {
  const wanted = petitions.filter((p) => p.region)
  const result = new Map<string, number>(wanted.map((p) => [p.petitionId, 0]))
  if (wanted.length === 0) return result
  const rows = await db()<{ petitionId: string; n: number }[]>`
    with j as (
      select * from unnest(${wanted.map((p) => p.petitionId)}::uuid[],
        ${wanted.map((p) => p.region!)}::text[]) as j (petition_id, code)
    ), s as (
      select petition_id, country, region, n from signature_stats_region
      where petition_id in (select petition_id from j) and status in (${db().unsafe(COUNTED)})
      union all
      select petition_id, country, region, delta from signature_stat_deltas
      where petition_id in (select petition_id from j) and status in (${db().unsafe(COUNTED)})
    )
    select j.petition_id, coalesce(sum(s.n), 0)::int as n
    from j join s on s.petition_id = j.petition_id
      and (case when j.code like '%-%' then s.region = j.code else s.country = j.code end)
    group by j.petition_id`
  for (const row of rows) result.set(row.petitionId, row.n)
  return result
}

/**
 * `total_signatures_in_jurisdiction` for each petition, from its case's
 * jurisdiction text (jurisdictionRegion): null where Vigil cannot tell.
 */
export async function jurisdictionCounts(
  petitions: { id: string; jurisdiction: string }[],
): Promise<Map<string, number | null>> {
  const regions = petitions.map((p) => ({
    petitionId: p.id,
    region: jurisdictionRegion(p.jurisdiction),
  }))
  const counts = await countInJurisdictions(regions)
  return new Map(
    regions.map((p) => [p.petitionId, p.region ? (counts.get(p.petitionId) ?? 0) : null]),
  )
}

/** The same for one petition. */
export async function jurisdictionCount(petition: {
  id: string
  jurisdiction: string
}): Promise<number | null> {
  return (await jurisdictionCounts([petition])).get(petition.id) ?? null
}

const BACKFILL_BATCH = 5_000

/**
 * Resolves the region of US signatures made before Vigil kept one, a batch
 * at a time in id order; returns how many it resolved. Codes that name no
 * state are looked at again on the next run (few, and the index keeps them).
 */
export async function backfillSignatureRegions({
  after = '00000000-0000-0000-0000-000000000000',
}: { after?: string } = {}): Promise<{ resolved: number; last: string | null }> {
  const sql = db()
  const rows = await sql<{ id: string; postalCode: string }[]>`
    select id, postal_code from signatures
    where region is null and country = 'US' and id > ${after}
    order by id limit ${BACKFILL_BATCH}`
  const found = rows
    .map((r) => ({ id: r.id, region: regionForPostalCode('US', r.postalCode) }))
    .filter((r): r is { id: string; region: NonNullable<typeof r.region> } => r.region !== null)
  if (found.length > 0)
    await sql`
      update signatures s set region = v.region
      from unnest(${found.map((r) => r.id)}::uuid[], ${found.map((r) => r.region)}::text[])
        as v (id, region)
      where s.id = v.id and s.region is null`
  return { resolved: found.length, last: rows.at(-1)?.id ?? null }
}
