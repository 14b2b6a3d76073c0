import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { countedSignature, publishedPetition } from './rules.server'

/**
 * The count, kept without a hot row: a change to it is an appended delta row;
 * the rollup job folds deltas into petitions.signature_count every second or
 * so; the repair job recounts from the signatures themselves.
 * See docs/decisions/003-signature-counts.md.
 */
export async function recordCountDelta(
  { petitionId, delta }: { petitionId: string; delta: number },
  sql: Sql | TransactionSql = db(),
): Promise<void> {
  if (delta === 0) return
  await sql`insert into petition_count_deltas (petition_id, delta) values (${petitionId}, ${delta})`
}

/** Folds every pending delta into the petitions' counts; returns the petitions touched. */
export async function rollupCounts(): Promise<string[]> {
  const rows = await db()<{ id: string }[]>`
    with taken as (
      delete from petition_count_deltas returning petition_id, delta
    ), sums as (
      select petition_id, sum(delta)::int as delta from taken group by petition_id
    )
    update petitions p set signature_count = p.signature_count + sums.delta
    from sums where p.id = sums.petition_id
    returning p.id`
  return rows.map((r) => r.id)
}

/**
 * Recounts one petition from its signatures. In one REPEATABLE READ snapshot
 * the count and the deltas it replaces agree: a delta committed after the
 * snapshot is neither counted here nor deleted, so the rollup adds it later.
 */
export async function repairCount({ petitionId }: { petitionId: string }): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db().begin('isolation level repeatable read', async (sql) => {
        const [row] = await sql<{ n: number }[]>`
          select count(*)::int as n from signatures
          where petition_id = ${petitionId} and ${countedSignature('signatures')}`
        await sql`delete from petition_count_deltas where petition_id = ${petitionId}`
        await sql`update petitions set signature_count = ${row!.n} where id = ${petitionId}`
        return row!.n
      })
    } catch (error) {
      if ((error as { code?: string }).code === '40001' && attempt < 5) continue
      throw error
    }
  }
}

export async function repairAllCounts(): Promise<number> {
  const petitions = await db()<{ id: string }[]>`
    select p.id from petitions p where ${publishedPetition('p')}`
  for (const p of petitions) await repairCount({ petitionId: p.id })
  return petitions.length
}
