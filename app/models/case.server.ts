import { isUuid } from '~/utils/uuid'
import { findInOrganization } from './scoped.server'
import { db, inTransaction, matchesSearch, type Sql, type TransactionSql } from '~/utils/db.server'
import { randomSuffix, slugify } from '~/utils/slug'
import { UnknownOfficialsError } from './official.server'
import { setPetitionStatus } from './petition.server'
import {
  petitionStatusForCaseOutcome,
  type CaseStatus,
  type NextDateKind,
  type OfficialRole,
} from '~/domain/states'

export interface CaseRow {
  id: string
  organizationId: string
  slug: string
  personName: string
  caseNumber: string | null
  jurisdiction: string
  court: string | null
  status: CaseStatus
  nextDate: Date | null
  nextDateKind: NextDateKind | null
  timeZone: string
  summary: string
  sources: string[]
  createdAt: Date
  updatedAt: Date
}

export interface CaseEvent {
  id: string
  kind: string
  occurredAt: Date
  note: string | null
  sourceUrl: string | null
  fromStatus: CaseStatus | null
  toStatus: CaseStatus | null
  fromDate: Date | null
  toDate: Date | null
}

export interface CaseOfficial {
  id: string
  name: string
  title: string | null
  office: string | null
  role: OfficialRole
}

const CASE_COLUMNS = `id, organization_id, slug, person_name, case_number, jurisdiction, court,
  status, next_date, next_date_kind, time_zone, summary, sources, created_at, updated_at`

export interface NewCase {
  organizationId: string
  personName: string
  caseNumber?: string | null
  jurisdiction: string
  court?: string | null
  status?: CaseStatus
  nextDate?: Date | null
  nextDateKind?: NextDateKind | null
  timeZone?: string
  summary?: string
  sources?: string[]
  createdBy?: string | null
}

/**
 * Creates a case and the first entry of its timeline; with `officials`, the
 * decision makers too (only the organization's: UnknownOfficialsError).
 */
export async function createCase(
  input: NewCase & { officials?: { officialId: string; role: OfficialRole }[] },
  sql: Sql | TransactionSql = db(),
): Promise<CaseRow> {
  return inTransaction(sql, async (tx) => {
    const slug = `${slugify(input.personName)}-${randomSuffix()}`
    const [row] = await tx<CaseRow[]>`
      insert into cases (organization_id, slug, person_name, case_number, jurisdiction, court,
        status, next_date, next_date_kind, time_zone, summary, sources)
      values (${input.organizationId}, ${slug}, ${input.personName}, ${input.caseNumber ?? null},
        ${input.jurisdiction}, ${input.court ?? null}, ${input.status ?? 'pending'},
        ${input.nextDate ?? null}, ${input.nextDateKind ?? null},
        ${input.timeZone ?? 'America/New_York'}, ${input.summary ?? ''}, ${input.sources ?? []})
      returning ${tx.unsafe(CASE_COLUMNS)}`
    await tx`
      insert into case_events (case_id, kind, occurred_at, to_status, to_date, created_by, note)
      values (${row!.id}, 'created', now(), ${row!.status}, ${row!.nextDate},
        ${input.createdBy ?? null}, null)`
    if (input.officials?.length) {
      await setCaseOfficials(
        { organizationId: input.organizationId, caseId: row!.id, officials: input.officials },
        tx,
      )
    }
    return row!
  })
}

export async function getCaseBySlug(slug: string): Promise<CaseRow | null> {
  const [row] = await db()<CaseRow[]>`
    select ${db().unsafe(CASE_COLUMNS)} from cases where slug = ${slug}`
  return row ?? null
}

export async function listCaseEvents(caseId: string): Promise<CaseEvent[]> {
  return db()<CaseEvent[]>`
    select id, kind, occurred_at, note, source_url, from_status, to_status, from_date, to_date
    from case_events where case_id = ${caseId}
    order by occurred_at desc, created_at desc`
}

export async function listCaseOfficials(caseId: string): Promise<CaseOfficial[]> {
  return db()<CaseOfficial[]>`
    select o.id, o.name, o.title, o.office, co.role
    from case_officials co join officials o on o.id = co.official_id
    where co.case_id = ${caseId}
    order by o.name`
}

export async function attachCaseOfficial(
  input: { caseId: string; officialId: string; role: OfficialRole },
  sql: Sql | TransactionSql = db(),
): Promise<void> {
  await sql`
    insert into case_officials (case_id, official_id, role)
    values (${input.caseId}, ${input.officialId}, ${input.role})
    on conflict (case_id, official_id) do update set role = excluded.role`
}

/** One of the organization's cases, or null (also for another organization's id). */
export async function getCaseForOrganization({
  organizationId,
  caseId,
}: {
  organizationId: string
  caseId: string
}): Promise<CaseRow | null> {
  return findInOrganization<CaseRow>('cases', CASE_COLUMNS, { id: caseId, organizationId })
}

const CASE_SEARCH = ['person_name', 'case_number', 'jurisdiction'] as const

/**
 * The organization's cases, the nearest upcoming date first, then those
 * without a date, then the past ones; `q` matches name, number, jurisdiction.
 */
export async function listCasesForOrganization({
  organizationId,
  limit = 25,
  offset = 0,
  q,
}: {
  organizationId: string
  limit?: number
  offset?: number
  q?: string
}): Promise<CaseRow[]> {
  const sql = db()
  return sql<CaseRow[]>`
    select ${sql.unsafe(CASE_COLUMNS)} from cases
    where organization_id = ${organizationId} ${matchesSearch(sql, q, CASE_SEARCH)}
    order by
      case when next_date >= now() then 0 when next_date is null then 1 else 2 end,
      case when next_date >= now() then next_date end asc,
      next_date desc,
      created_at desc, id
    limit ${limit} offset ${offset}`
}

export async function countCasesForOrganization({
  organizationId,
  q,
}: {
  organizationId: string
  q?: string
}): Promise<number> {
  const sql = db()
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from cases
    where organization_id = ${organizationId} ${matchesSearch(sql, q, CASE_SEARCH)}`
  return row!.n
}

export interface CaseChanges {
  personName?: string
  caseNumber?: string | null
  jurisdiction?: string
  court?: string | null
  status?: CaseStatus
  nextDate?: Date | null
  nextDateKind?: NextDateKind | null
  timeZone?: string
  summary?: string
  sources?: string[]
}

const CHANGE_COLUMNS: Record<keyof CaseChanges, string> = {
  personName: 'person_name',
  caseNumber: 'case_number',
  jurisdiction: 'jurisdiction',
  court: 'court',
  status: 'status',
  nextDate: 'next_date',
  nextDateKind: 'next_date_kind',
  timeZone: 'time_zone',
  summary: 'summary',
  sources: 'sources',
}

function sameInstant(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null)
}

/**
 * Changes a case's row, in the caller's transaction. A change of status or
 * of the next date is appended to the timeline (with the note and source
 * given), so the timeline never disagrees with the case; what the change
 * does to petitions and mail is services/cases.server.ts's. Keys left
 * undefined stay as they are. Null when the case is not the organization's.
 */
export async function updateCaseRecord(
  tx: TransactionSql,
  {
    organizationId,
    caseId,
    changes,
    note,
    sourceUrl,
    actorId,
  }: {
    organizationId: string
    caseId: string
    changes: CaseChanges
    note?: string | null
    sourceUrl?: string | null
    actorId?: string | null
  },
): Promise<{ before: CaseRow; after: CaseRow } | null> {
  if (!isUuid(caseId)) return null
  const [before] = await tx<CaseRow[]>`
    select ${tx.unsafe(CASE_COLUMNS)} from cases
    where id = ${caseId} and organization_id = ${organizationId}
    for update`
  if (!before) return null
  const set: Record<string, unknown> = {}
  for (const [key, column] of Object.entries(CHANGE_COLUMNS) as [keyof CaseChanges, string][]) {
    if (changes[key] !== undefined) set[column] = changes[key]
  }
  let after: CaseRow = before
  if (Object.keys(set).length > 0) {
    set.updated_at = new Date()
    const [updated] = await tx<CaseRow[]>`
      update cases set ${tx(set)} where id = ${caseId}
      returning ${tx.unsafe(CASE_COLUMNS)}`
    after = updated!
  }
  const extra = { note: note ?? null, sourceUrl: sourceUrl ?? null, actorId: actorId ?? null }
  if (after.status !== before.status) {
    await tx`
      insert into case_events (case_id, kind, from_status, to_status, note, source_url, created_by)
      values (${caseId}, 'status_changed', ${before.status}, ${after.status}, ${extra.note},
        ${extra.sourceUrl}, ${extra.actorId})`
  }
  if (!sameInstant(after.nextDate, before.nextDate)) {
    await tx`
      insert into case_events (case_id, kind, from_date, to_date, note, source_url, created_by)
      values (${caseId}, 'date_changed', ${before.nextDate}, ${after.nextDate}, ${extra.note},
        ${extra.sourceUrl}, ${extra.actorId})`
  }
  return { before, after }
}

/** Whether a case's next date differs between two states of it. */
export function dateChanged(before: CaseRow, after: CaseRow): boolean {
  return !sameInstant(after.nextDate, before.nextDate)
}

/**
 * Closes the case's open petitions as its new status says
 * (petitionStatusForCaseOutcome). Drafts and petitions already closed are
 * left alone, and nothing is reopened when a case becomes active again.
 */
export async function settlePetitions(tx: TransactionSql, caseId: string, status: CaseStatus) {
  const outcome = petitionStatusForCaseOutcome(status)
  if (!outcome) return
  const open = await tx<{ id: string }[]>`
    select id from petitions where case_id = ${caseId} and status = 'open'
    order by id for update`
  for (const petition of open) {
    await setPetitionStatus({ petitionId: petition.id, status: outcome }, tx)
  }
}

/** Appends an event to one of the organization's cases; null when it is not theirs. */
export async function insertCaseEvent(
  tx: Sql | TransactionSql,
  {
    organizationId,
    caseId,
    kind,
    occurredAt,
    note,
    sourceUrl,
    actorId,
  }: {
    organizationId: string
    caseId: string
    kind: string
    occurredAt?: Date | null
    note?: string | null
    sourceUrl?: string | null
    actorId?: string | null
  },
): Promise<CaseEvent | null> {
  if (!isUuid(caseId)) return null
  const [row] = await tx<CaseEvent[]>`
    insert into case_events (case_id, kind, occurred_at, note, source_url, created_by)
    select id, ${kind}, ${occurredAt ?? new Date()}, ${note ?? null}, ${sourceUrl ?? null},
      ${actorId ?? null}
    from cases where id = ${caseId} and organization_id = ${organizationId}
    returning id, kind, occurred_at, note, source_url, from_status, to_status, from_date, to_date`
  return row ?? null
}

/**
 * Replaces the officials who decide a case. Only the organization's own
 * officials may be attached: any other id throws UnknownOfficialsError and
 * nothing changes. Null when the case is not the organization's.
 */
export async function setCaseOfficials(
  {
    organizationId,
    caseId,
    officials,
  }: {
    organizationId: string
    caseId: string
    officials: { officialId: string; role: OfficialRole }[]
  },
  sql: Sql | TransactionSql = db(),
): Promise<CaseOfficial[] | null> {
  if (!isUuid(caseId)) return null
  return inTransaction(sql, async (tx) => {
    const [kase] = await tx<{ id: string }[]>`
      select id from cases where id = ${caseId} and organization_id = ${organizationId}
      for update`
    if (!kase) return null
    const ids = [...new Set(officials.map((o) => o.officialId))]
    const valid = ids.filter(isUuid)
    const found = valid.length
      ? await tx<{ id: string }[]>`
          select id from officials where organization_id = ${organizationId} and id in ${tx(valid)}`
      : []
    const known = new Set(found.map((r) => r.id))
    const unknown = ids.filter((id) => !known.has(id))
    if (unknown.length) throw new UnknownOfficialsError(unknown)
    await tx`delete from case_officials where case_id = ${caseId}`
    for (const o of officials) {
      await tx`
        insert into case_officials (case_id, official_id, role)
        values (${caseId}, ${o.officialId}, ${o.role})
        on conflict (case_id, official_id) do update set role = excluded.role`
    }
    return tx<CaseOfficial[]>`
      select o.id, o.name, o.title, o.office, co.role
      from case_officials co join officials o on o.id = co.official_id
      where co.case_id = ${caseId}
      order by o.name`
  })
}
