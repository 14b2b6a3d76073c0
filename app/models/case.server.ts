import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { randomSuffix, slugify } from '~/utils/slug'
import type { CaseStatus, NextDateKind, OfficialRole } from './states'

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

export async function createCase(
  input: NewCase,
  sql: Sql | TransactionSql = db(),
): Promise<CaseRow> {
  const slug = `${slugify(input.personName)}-${randomSuffix()}`
  const [row] = await sql<CaseRow[]>`
    insert into cases (organization_id, slug, person_name, case_number, jurisdiction, court,
      status, next_date, next_date_kind, time_zone, summary, sources)
    values (${input.organizationId}, ${slug}, ${input.personName}, ${input.caseNumber ?? null},
      ${input.jurisdiction}, ${input.court ?? null}, ${input.status ?? 'pending'},
      ${input.nextDate ?? null}, ${input.nextDateKind ?? null},
      ${input.timeZone ?? 'America/New_York'}, ${input.summary ?? ''}, ${input.sources ?? []})
    returning ${sql.unsafe(CASE_COLUMNS)}`
  await sql`
    insert into case_events (case_id, kind, occurred_at, to_status, to_date, created_by, note)
    values (${row!.id}, 'created', now(), ${row!.status}, ${row!.nextDate}, ${input.createdBy ?? null},
      'Case added to Vigil')`
  return row!
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
