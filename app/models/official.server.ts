import { DomainError, NOT_VALID } from '~/domain/errors'
import { isUuid } from '~/utils/uuid'
import { findInOrganization } from './scoped.server'
import { db, matchesSearch, type Sql, type TransactionSql } from '~/utils/db.server'

export interface Official {
  id: string
  organizationId: string
  name: string
  title: string | null
  office: string | null
  jurisdiction: string | null
  email: string | null
  phone: string | null
  /** OpenStreetMap opening_hours syntax, e.g. "Mo-Fr 08:00-17:00; PH off". */
  officeHours: string | null
  /** IANA time zone the hours are read in. */
  timeZone: string | null
}

export interface NewOfficial {
  organizationId: string
  name: string
  title?: string | null
  office?: string | null
  jurisdiction?: string | null
  email?: string | null
  phone?: string | null
  officeHours?: string | null
  timeZone?: string | null
}

const OFFICIAL_COLUMNS = `id, organization_id, name, title, office, jurisdiction, email, phone,
  office_hours, time_zone`

export async function createOfficial(
  input: NewOfficial,
  sql: Sql | TransactionSql = db(),
): Promise<Official> {
  const [row] = await sql<Official[]>`
    insert into officials (organization_id, name, title, office, jurisdiction, email, phone,
      office_hours, time_zone)
    values (${input.organizationId}, ${input.name}, ${input.title ?? null}, ${input.office ?? null},
      ${input.jurisdiction ?? null}, ${input.email ?? null}, ${input.phone ?? null},
      ${input.officeHours ?? null}, ${input.timeZone ?? null})
    returning ${sql.unsafe(OFFICIAL_COLUMNS)}`
  return row!
}

/** Another of the organization's officials already has this email. */
export class OfficialEmailTakenError extends DomainError {
  constructor(public email: string) {
    const message = 'Another official in this organization already has this email address.'
    super(
      'conflict',
      message,
      { email: [message] },
      {
        email: ['Another official already has this email.'],
      },
    )
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505'
}

/** Creates an official; OfficialEmailTakenError when the email is already the org's. */
export async function createOfficialChecked(input: NewOfficial): Promise<Official> {
  try {
    return await createOfficial(input)
  } catch (error) {
    if (isUniqueViolation(error)) throw new OfficialEmailTakenError(input.email ?? '')
    throw error
  }
}

/** One of the organization's officials, or null (also for another organization's id). */
export async function getOfficialForOrganization({
  organizationId,
  officialId,
}: {
  organizationId: string
  officialId: string
}): Promise<Official | null> {
  return findInOrganization<Official>('officials', OFFICIAL_COLUMNS, {
    id: officialId,
    organizationId,
  })
}

const OFFICIAL_SEARCH = ['name', 'email', 'office', 'title', 'jurisdiction'] as const

/** The organization's officials by name; `q` matches name, email, office, title, jurisdiction. */
export async function listOfficials({
  organizationId,
  limit = 25,
  offset = 0,
  q,
}: {
  organizationId: string
  limit?: number
  offset?: number
  q?: string
}): Promise<Official[]> {
  const sql = db()
  return sql<Official[]>`
    select ${sql.unsafe(OFFICIAL_COLUMNS)} from officials
    where organization_id = ${organizationId} ${matchesSearch(sql, q, OFFICIAL_SEARCH)}
    order by name, id
    limit ${limit} offset ${offset}`
}

export async function countOfficials({
  organizationId,
  q,
}: {
  organizationId: string
  q?: string
}): Promise<number> {
  const sql = db()
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from officials
    where organization_id = ${organizationId} ${matchesSearch(sql, q, OFFICIAL_SEARCH)}`
  return row!.n
}

export type OfficialChanges = Partial<Omit<NewOfficial, 'organizationId'>>

/**
 * Changes one of the organization's officials (keys left undefined stay);
 * null when it is not theirs; OfficialEmailTakenError for a taken email.
 */
export async function updateOfficial({
  organizationId,
  officialId,
  changes,
}: {
  organizationId: string
  officialId: string
  changes: OfficialChanges
}): Promise<Official | null> {
  if (!isUuid(officialId)) return null
  const set: Record<string, unknown> = {}
  for (const key of ['name', 'title', 'office', 'jurisdiction', 'email', 'phone'] as const) {
    if (changes[key] !== undefined) set[key] = changes[key]
  }
  if (changes.officeHours !== undefined) set.office_hours = changes.officeHours
  if (changes.timeZone !== undefined) set.time_zone = changes.timeZone
  if (Object.keys(set).length === 0)
    return getOfficialForOrganization({ organizationId, officialId })
  set.updated_at = new Date()
  const sql = db()
  try {
    const [row] = await sql<Official[]>`
      update officials set ${sql(set)}
      where id = ${officialId} and organization_id = ${organizationId}
      returning ${sql.unsafe(OFFICIAL_COLUMNS)}`
    return row ?? null
  } catch (error) {
    if (isUniqueViolation(error)) throw new OfficialEmailTakenError(changes.email ?? '')
    throw error
  }
}

/**
 * Creates an official, or updates the organization's official with the same
 * email (case-insensitive) instead of adding a second one: what an import of
 * a directory needs. Every column is taken from the input (missing = empty).
 */
export async function upsertOfficialByEmail(
  input: NewOfficial,
  sql: Sql | TransactionSql = db(),
): Promise<{ official: Official; created: boolean }> {
  if (!input.email) return { official: await createOfficial(input, sql), created: true }
  const [row] = await sql<(Official & { created: boolean })[]>`
    insert into officials (organization_id, name, title, office, jurisdiction, email, phone)
    values (${input.organizationId}, ${input.name}, ${input.title ?? null}, ${input.office ?? null},
      ${input.jurisdiction ?? null}, ${input.email}, ${input.phone ?? null})
    on conflict (organization_id, lower(email)) where email is not null do update set
      name = excluded.name, title = excluded.title, office = excluded.office,
      jurisdiction = excluded.jurisdiction, email = excluded.email, phone = excluded.phone,
      updated_at = now()
    returning ${sql.unsafe(OFFICIAL_COLUMNS)}, (xmax = 0) as created`
  const { created, ...official } = row!
  return { official, created }
}

/** Officials named in a request that are not the organization's (or do not exist). */
/** Officials named that are not the organization's; the API names the field as the request did. */
export class UnknownOfficialsError extends DomainError {
  constructor(public officialIds: string[]) {
    super(
      'invalid',
      NOT_VALID,
      { target_ids: [`No such official: ${officialIds.join(', ')}.`] },
      {
        form: ['Unknown official.'],
      },
    )
  }
}
