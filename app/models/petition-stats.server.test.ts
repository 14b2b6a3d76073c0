import { describe, expect, it } from 'vitest'
import { makePetition } from '../../tests/helpers/fixtures'
import { seedSignatures } from '../../tests/helpers/signatures'
import { db } from '~/utils/db.server'
import {
  foldSignatureStats,
  getPetitionCountSummaries,
  getPetitionStats,
  rebuildSignatureStats,
  vacuumSignatureStatDeltas,
} from './petition-stats.server'

describe('petition statistics', () => {
  it('counts by status, today, hourly and daily series, by country and region', async () => {
    const f = await makePetition({ organizationName: 'Stats Org' })
    const ctx = { petitionId: f.petition.id, organizationId: f.organization.id }
    const now = new Date()
    const hourAgo = new Date(now.getTime() - 3_600_000)
    const threeDaysAgo = new Date(now.getTime() - 3 * 86_400_000)
    await seedSignatures(ctx, [
      { status: 'confirmed', postalCode: '78701', country: 'US' },
      { status: 'confirmed', postalCode: '78705', country: 'US', createdAt: hourAgo },
      { status: 'pending', postalCode: '10001', country: 'US' },
      { status: 'held', postalCode: 'SW1A 1AA', country: 'GB', createdAt: threeDaysAgo },
      { status: 'invalidated', postalCode: '75001', country: 'FR' },
      { status: 'confirmed', postalCode: '10115', country: 'DE', createdAt: threeDaysAgo },
    ])

    const check = async () => {
      const stats = await getPetitionStats({ petitionId: ctx.petitionId, timeZone: 'UTC', now })
      expect(stats.counts).toEqual({ confirmed: 3, pending: 1, held: 1, invalidated: 1 })
      expect(stats.hourly).toHaveLength(48)
      expect(stats.hourly.at(-1)).toMatchObject({ confirmed: 1, other: 1 })
      expect(stats.hourly.at(-2)).toMatchObject({ confirmed: 1, other: 0 })
      expect(stats.daily).toHaveLength(30)
      expect(stats.daily.reduce((n, d) => n + d.confirmed + d.other, 0)).toBe(5)
      expect(stats.countries).toEqual([
        { country: 'US', confirmed: 2, total: 3 },
        { country: 'DE', confirmed: 1, total: 1 },
        { country: 'GB', confirmed: 0, total: 1 },
      ])
      // US postal codes count by state (decision 027); other countries by postal area.
      expect(stats.subdivisions).toEqual([
        { country: 'US', region: 'US-TX', confirmed: 2, total: 2 },
        { country: 'US', region: 'US-NY', confirmed: 0, total: 1 },
      ])
      expect(stats.regions).toContainEqual({
        country: 'GB',
        region: 'SW1A',
        confirmed: 0,
        total: 1,
      })
      return stats
    }
    // Exact before the job folds the deltas, after, and after a rebuild.
    const before = await check()
    expect(await foldSignatureStats()).toBeGreaterThanOrEqual(6)
    expect(await check()).toEqual(before)
    await rebuildSignatureStats({ petitionId: ctx.petitionId })
    expect(await check()).toEqual(before)

    // A status change moves the figures.
    await db()`update signatures set status = 'confirmed', confirmed_at = now()
      where petition_id = ${ctx.petitionId} and status = 'pending'`
    const moved = await getPetitionStats({ petitionId: ctx.petitionId, timeZone: 'UTC', now })
    expect(moved.counts).toMatchObject({ confirmed: 4, pending: 0 })

    const summaries = await getPetitionCountSummaries({
      organizationId: ctx.organizationId,
      petitionIds: [ctx.petitionId],
      now,
    })
    expect(summaries.get(ctx.petitionId)).toMatchObject({ confirmed: 4, pending: 0, held: 1 })
  })

  it("gives nothing for another organization's petitions", async () => {
    const a = await makePetition({ organizationName: 'Stats A' })
    const b = await makePetition({ organizationName: 'Stats B' })
    await seedSignatures({ petitionId: b.petition.id, organizationId: b.organization.id }, [{}])
    const summaries = await getPetitionCountSummaries({
      organizationId: a.organization.id,
      petitionIds: [b.petition.id],
    })
    expect(summaries.size).toBe(0)
  })

  it('reads "today" in the case time zone', async () => {
    const f = await makePetition({ organizationName: 'Stats TZ' })
    const ctx = { petitionId: f.petition.id, organizationId: f.organization.id }
    // 12:00Z on Nov 20 is 06:00 in Chicago; 03:00Z was still Nov 19 there.
    const now = new Date('2026-11-20T12:00:00Z')
    await seedSignatures(ctx, [
      { createdAt: new Date('2026-11-20T03:00:00Z') },
      { createdAt: new Date('2026-11-20T07:00:00Z') },
    ])
    const chicago = await getPetitionStats({ ...ctx, timeZone: 'America/Chicago', now })
    const utc = await getPetitionStats({ ...ctx, timeZone: 'UTC', now })
    expect(utc.today).toBe(2)
    expect(chicago.today).toBe(1)
    expect(chicago.daily.at(-1)).toMatchObject({ at: '2026-11-20', confirmed: 1 })
    expect(chicago.daily.at(-2)).toMatchObject({ at: '2026-11-19', confirmed: 1 })
    const summaries = await getPetitionCountSummaries({
      organizationId: ctx.organizationId,
      petitionIds: [ctx.petitionId],
      now,
    })
    // The fixture's case is in America/Chicago.
    expect(summaries.get(ctx.petitionId)).toMatchObject({ confirmed: 2, today: 1 })
  })
})

describe('where the signers are', () => {
  it('resolves signatures from before regions were kept, and the map counts them by state', async () => {
    const { backfillSignatureRegions, countInJurisdictions } =
      await import('./signer-regions.server')
    const f = await makePetition({ organizationName: 'Regions Org' })
    const ctx = { petitionId: f.petition.id, organizationId: f.organization.id }
    await seedSignatures(ctx, [
      { postalCode: '77002', region: null },
      { postalCode: '73301', region: null },
      { postalCode: '90210', region: null },
      { postalCode: '09001', region: null }, // an APO address: no state
      { postalCode: 'H2X 1Y4', country: 'CA', region: null },
    ])
    const stats = () => getPetitionStats({ petitionId: ctx.petitionId, timeZone: 'UTC' })
    const inTexas = () => countInJurisdictions([{ petitionId: ctx.petitionId, region: 'US-TX' }])
    expect((await stats()).subdivisions).toEqual([])
    expect((await inTexas()).get(ctx.petitionId)).toBe(0)

    let resolved = 0
    for (let after: string | undefined; ;) {
      const batch = await backfillSignatureRegions({ after })
      resolved += batch.resolved
      if (!batch.last) break
      after = batch.last
    }
    expect(resolved).toBe(3)
    expect((await stats()).subdivisions).toEqual([
      { country: 'US', region: 'US-TX', confirmed: 2, total: 2 },
      { country: 'US', region: 'US-CA', confirmed: 1, total: 1 },
    ])
    expect((await inTexas()).get(ctx.petitionId)).toBe(2)
    const federal = await countInJurisdictions([{ petitionId: ctx.petitionId, region: 'US' }])
    expect(federal.get(ctx.petitionId)).toBe(4)
    // Folded or not, the same figures.
    await foldSignatureStats()
    expect((await inTexas()).get(ctx.petitionId)).toBe(2)
    expect((await stats()).subdivisions[0]).toMatchObject({ region: 'US-TX', confirmed: 2 })
  })
})

describe('folding a backlog', () => {
  /** Tuples PostgreSQL has read from the deltas table and its indexes, once its counters show `deleted` deletions. */
  async function deltaTableReads(deleted: number): Promise<number> {
    for (const deadline = Date.now() + 20_000; ;) {
      const [row] = await db()<{ deleted: number; read: number }[]>`
        select t.n_tup_del::int as deleted,
          (coalesce(t.seq_tup_read, 0) + coalesce(i.read, 0))::float8 as read
        from pg_stat_user_tables t,
          lateral (select sum(idx_tup_read) as read from pg_stat_user_indexes
            where relid = t.relid) i
        where t.relname = 'signature_stat_deltas'`
      if (row!.deleted >= deleted || Date.now() > deadline) return row!.read
      await new Promise((r) => setTimeout(r, 250))
    }
  }

  it('reads the backlog once, even when the last vacuum left the planner taking the table for empty', async () => {
    const f = await makePetition({ organizationName: 'Backlog Org' })
    const deltas = (n: number) => db()`
      insert into signature_stat_deltas (petition_id, hour, status, country, region, delta)
      select ${f.petition.id}, date_trunc('hour', now()), 'pending', 'US', 'US-TX', 1
      from generate_series(1, ${n}::int)`
    // A fold and its vacuum, as the stats job runs them after a surge, with
    // a signer's insert open meanwhile: the vacuum cannot shorten the table,
    // and leaves its pages counted with no rows in them, which the planner
    // then believes of it whatever it holds.
    await deltas(5_000)
    expect(await foldSignatureStats()).toBe(5_000)
    let inserted!: () => void
    let commit!: () => void
    const signer = db().begin(async (sql) => {
      await sql`
        insert into signature_stat_deltas (petition_id, hour, status, country, region, delta)
        values (${f.petition.id}, date_trunc('hour', now()), 'pending', 'US', 'US-TX', 1)`
      inserted()
      await new Promise<void>((resolve) => (commit = resolve))
    })
    await new Promise<void>((resolve) => (inserted = resolve))
    await vacuumSignatureStatDeltas()
    commit()
    await signer
    const backlog = 20_000
    await deltas(backlog)
    const [explained] = await db()`explain (format json) select * from signature_stat_deltas`
    const [plan] = Object.values(explained!)[0] as [{ Plan: { 'Plan Rows': number } }]
    expect(plan.Plan['Plan Rows']).toBeLessThan(backlog / 10)

    const readBefore = await deltaTableReads(5_000)
    expect(await foldSignatureStats()).toBe(backlog + 1)
    const read = (await deltaTableReads(5_001 + backlog)) - readBefore
    // Once over the backlog (and its index), not once per delta.
    expect(read).toBeLessThan(backlog * 5)
    expect((await getPetitionStats({ petitionId: f.petition.id, timeZone: 'UTC' })).counts).toEqual(
      { confirmed: 0, pending: 5_001 + backlog, held: 0, invalidated: 0 },
    )
  })
})
