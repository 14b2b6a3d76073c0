import { db } from '~/utils/db.server'
import { SIGNATURE_STATUSES, type SignatureStatus } from '~/domain/states'

/**
 * Petition statistics for the dashboard, read from rollups rather than the
 * signatures themselves so that a petition with a million signatures answers
 * in milliseconds. A trigger appends a delta row per new signature and per
 * status change; foldSignatureStats() (the stats job) moves deltas into
 * signature_stats_hourly / signature_stats_region; every reader here adds the
 * deltas not yet folded, so figures are exact whether or not the job has run.
 * See docs/decisions/004-dashboard-statistics.md.
 */

export type StatusCounts = Record<SignatureStatus, number>

export interface SeriesPoint {
  /** Start of the bucket (an hour, or midnight in the case's time zone). */
  at: string
  confirmed: number
  other: number
}

export interface RegionRow {
  country: string
  region: string
  confirmed: number
  total: number
}

export interface CountryRow {
  country: string
  confirmed: number
  total: number
}

export interface PetitionStats {
  counts: StatusCounts
  today: number
  hourly: SeriesPoint[]
  daily: SeriesPoint[]
  countries: CountryRow[]
  /** Postal areas (first characters) where no subdivision is known, the largest. */
  regions: RegionRow[]
  /** Every state or other ISO 3166-2 subdivision with signers (decision 027). */
  subdivisions: RegionRow[]
}

export const HOURLY_WINDOW_HOURS = 48
export const DAILY_WINDOW_DAYS = 30
const REGION_LIMIT = 25

function emptyCounts(): StatusCounts {
  return Object.fromEntries(SIGNATURE_STATUSES.map((s) => [s, 0])) as StatusCounts
}

/** Everything the dashboard's petition view shows about its signatures. */
export async function getPetitionStats({
  petitionId,
  timeZone,
  now = new Date(),
}: {
  petitionId: string
  timeZone: string
  now?: Date
}): Promise<PetitionStats> {
  const sql = db()
  const hourlyFrom = new Date(
    Math.floor(now.getTime() / 3_600_000) * 3_600_000 - (HOURLY_WINDOW_HOURS - 1) * 3_600_000,
  )
  const dailyFrom = new Date(now.getTime() - (DAILY_WINDOW_DAYS + 1) * 86_400_000)
  const [statusRows, todayRows, hourlyRows, dailyRows, regionRows] = await Promise.all([
    sql<{ status: SignatureStatus; n: number }[]>`
      select status, sum(n)::int as n from (
        select status, n from signature_stats_hourly where petition_id = ${petitionId}
        union all
        select status, delta from signature_stat_deltas where petition_id = ${petitionId}
      ) s group by status`,
    sql<{ n: number }[]>`
      select coalesce(sum(n), 0)::int as n from (
        select hour, n from signature_stats_hourly
        where petition_id = ${petitionId} and status <> 'invalidated'
        union all
        select hour, delta from signature_stat_deltas
        where petition_id = ${petitionId} and status <> 'invalidated'
      ) s
      where hour >= (date_trunc('day', ${now}::timestamptz at time zone ${timeZone})
        at time zone ${timeZone})`,
    sql<{ at: Date; status: SignatureStatus; n: number }[]>`
      select hour as at, status, sum(n)::int as n from (
        select hour, status, n from signature_stats_hourly
        where petition_id = ${petitionId} and hour >= ${hourlyFrom}
        union all
        select hour, status, delta from signature_stat_deltas
        where petition_id = ${petitionId} and hour >= ${hourlyFrom}
      ) s group by hour, status`,
    sql<{ day: string; status: SignatureStatus; n: number }[]>`
      select to_char(hour at time zone ${timeZone}, 'YYYY-MM-DD') as day, status,
        sum(n)::int as n
      from (
        select hour, status, n from signature_stats_hourly
        where petition_id = ${petitionId} and hour >= ${dailyFrom}
        union all
        select hour, status, delta from signature_stat_deltas
        where petition_id = ${petitionId} and hour >= ${dailyFrom}
      ) s group by 1, 2`,
    // Countries, and the largest regions, summed in the database: a petition
    // signed from everywhere has tens of thousands of region rows.
    sql<
      {
        kind: 'country' | 'region' | 'subdivision'
        country: string
        region: string
        confirmed: number
        total: number
      }[]
    >`
      with r as (
        select country, region, status, n from signature_stats_region
        where petition_id = ${petitionId} and status <> 'invalidated'
        union all
        select country, region, status, delta from signature_stat_deltas
        where petition_id = ${petitionId} and status <> 'invalidated'
      ), g as (
        select country, region, sum(n)::int as total,
          coalesce(sum(n) filter (where status = 'confirmed'), 0)::int as confirmed
        from r group by country, region
      )
      select 'country' as kind, country, '' as region, sum(confirmed)::int as confirmed,
        sum(total)::int as total
      from g group by country having sum(total) > 0
      union all
      -- States and other subdivisions (ISO 3166-2: a hyphen), all of them: the map's.
      select 'subdivision', country, region, confirmed, total from g
      where total > 0 and region like '%-%'
      union all
      (select 'region', country, region, confirmed, total from g
        where total > 0 and region not like '%-%'
        order by total desc, confirmed desc, country, region limit ${REGION_LIMIT})`,
  ])

  const counts = emptyCounts()
  for (const row of statusRows) counts[row.status] = row.n

  const hourly = hourBuckets(hourlyFrom, HOURLY_WINDOW_HOURS)
  const hourIndex = new Map(hourly.map((p, i) => [p.at, i]))
  for (const row of hourlyRows) addTo(hourly[hourIndex.get(row.at.toISOString()) ?? -1], row)

  const daily = dayBuckets(now, timeZone, DAILY_WINDOW_DAYS)
  const dayIndex = new Map(daily.map((p, i) => [p.at, i]))
  for (const row of dailyRows) addTo(daily[dayIndex.get(row.day) ?? -1], row)

  const byTotal = (a: { total: number; confirmed: number }, b: typeof a) =>
    b.total - a.total || b.confirmed - a.confirmed
  const countries: CountryRow[] = []
  const regions: RegionRow[] = []
  const subdivisions: RegionRow[] = []
  for (const { kind, country, region, confirmed, total } of regionRows) {
    if (kind === 'country') countries.push({ country, confirmed, total })
    else if (kind === 'subdivision') subdivisions.push({ country, region, confirmed, total })
    else regions.push({ country, region, confirmed, total })
  }

  return {
    counts,
    today: todayRows[0]!.n,
    hourly,
    daily,
    countries: countries.sort((a, b) => byTotal(a, b) || a.country.localeCompare(b.country)),
    regions: regions.sort(byTotal),
    subdivisions: subdivisions.sort((a, b) => byTotal(a, b) || a.region.localeCompare(b.region)),
  }
}

function addTo(point: SeriesPoint | undefined, row: { status: SignatureStatus; n: number }) {
  if (!point || row.status === 'invalidated') return
  if (row.status === 'confirmed') point.confirmed += row.n
  else point.other += row.n
}

function hourBuckets(from: Date, hours: number): SeriesPoint[] {
  return Array.from({ length: hours }, (_, i) => ({
    at: new Date(from.getTime() + i * 3_600_000).toISOString(),
    confirmed: 0,
    other: 0,
  }))
}

/** The last `days` calendar days in the time zone, ending today, as YYYY-MM-DD. */
function dayBuckets(now: Date, timeZone: string, days: number): SeriesPoint[] {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
  const today = Date.parse(`${format.format(now)}T00:00:00Z`)
  return Array.from({ length: days }, (_, i) => ({
    at: new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
    confirmed: 0,
    other: 0,
  }))
}

export interface PetitionCountSummary {
  petitionId: string
  confirmed: number
  pending: number
  held: number
  today: number
}

/**
 * Confirmed, pending and held counts and signatures made today (in each
 * case's time zone) for several petitions of one organization at once.
 */
export async function getPetitionCountSummaries({
  organizationId,
  petitionIds,
  now = new Date(),
}: {
  organizationId: string
  petitionIds: string[]
  now?: Date
}): Promise<Map<string, PetitionCountSummary>> {
  const result = new Map<string, PetitionCountSummary>()
  if (petitionIds.length === 0) return result
  const rows = await db()<PetitionCountSummary[]>`
    with p as (
      select p.id, (date_trunc('day', ${now}::timestamptz at time zone c.time_zone)
        at time zone c.time_zone) as today_from
      from petitions p join cases c on c.id = p.case_id
      where p.organization_id = ${organizationId} and p.id = any(${petitionIds}::uuid[])
    ), s as (
      select petition_id, hour, status, n from signature_stats_hourly
      where petition_id in (select id from p)
      union all
      select petition_id, hour, status, delta from signature_stat_deltas
      where petition_id in (select id from p)
    )
    select p.id as petition_id,
      coalesce(sum(s.n) filter (where s.status = 'confirmed'), 0)::int as confirmed,
      coalesce(sum(s.n) filter (where s.status = 'pending'), 0)::int as pending,
      coalesce(sum(s.n) filter (where s.status = 'held'), 0)::int as held,
      coalesce(sum(s.n) filter (where s.status <> 'invalidated' and s.hour >= p.today_from), 0)::int
        as today
    from p left join s on s.petition_id = p.id
    group by p.id`
  for (const row of rows) result.set(row.petitionId, row)
  return result
}

/** Deltas folded at most in one pass (a backlog takes several). */
export const FOLD_BATCH = 200_000

/**
 * Folds pending deltas into the rollups (the stats job). One statement per
 * rollup inside one transaction: the deltas taken are exactly those folded.
 *
 * The deltas are taken up to an id found first, not as `id in (the first
 * ones)`: the table is empty most of the time, and once a vacuum has seen
 * it so the planner takes it for empty whatever it holds, and planned that
 * semi-join as a scan of the subquery for every row: a backlog of 128,000
 * deltas (a surge, a worker back after an outage) was still being folded
 * after six minutes, its transaction open all along.
 */
export async function foldSignatureStats(): Promise<number> {
  return db().begin(async (sql) => {
    const [bound] = await sql<{ last: string | null }[]>`
      select max(id)::text as last
      from (select id from signature_stat_deltas order by id limit ${FOLD_BATCH}) batch`
    if (!bound?.last) return 0
    await sql`
      create temporary table taken_stat_deltas on commit drop as
      with taken as (
        delete from signature_stat_deltas where id <= ${bound.last}::bigint
        returning petition_id, hour, status, country, region, delta
      )
      select * from taken`
    await sql`
      insert into signature_stats_hourly (petition_id, hour, status, n)
      select petition_id, hour, status, sum(delta)::int from taken_stat_deltas
      group by petition_id, hour, status
      on conflict (petition_id, hour, status)
      do update set n = signature_stats_hourly.n + excluded.n`
    await sql`
      insert into signature_stats_region (petition_id, country, region, status, n)
      select petition_id, country, region, status, sum(delta)::int from taken_stat_deltas
      group by petition_id, country, region, status
      on conflict (petition_id, country, region, status)
      do update set n = signature_stats_region.n + excluded.n`
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from taken_stat_deltas`
    return row!.n
  })
}

/**
 * Rebuilds one petition's rollups from its signatures (after a bulk load that
 * bypassed the trigger, or to repair). Runs in one snapshot with the deltas
 * it replaces, as count.server.ts repairCount does.
 */
export async function rebuildSignatureStats({ petitionId }: { petitionId: string }) {
  await db().begin('isolation level repeatable read', async (sql) => {
    await sql`delete from signature_stat_deltas where petition_id = ${petitionId}`
    await sql`delete from signature_stats_hourly where petition_id = ${petitionId}`
    await sql`delete from signature_stats_region where petition_id = ${petitionId}`
    await sql`
      insert into signature_stats_hourly (petition_id, hour, status, n)
      select petition_id, date_trunc('hour', created_at, 'UTC'), status, count(*)::int
      from signatures where petition_id = ${petitionId}
      group by 1, 2, 3`
    await sql`
      insert into signature_stats_region (petition_id, country, region, status, n)
      select petition_id, country, coalesce(region, signature_region(country, postal_code)), status,
        count(*)::int
      from signatures where petition_id = ${petitionId}
      group by 1, 2, 3, 4`
  })
}

/**
 * Reclaims the deltas table after a large fold: otherwise readers' index
 * scans wade through the dead rows until autovacuum comes by.
 */
export async function vacuumSignatureStatDeltas(): Promise<void> {
  await db().unsafe('vacuum (analyze) signature_stat_deltas')
}
