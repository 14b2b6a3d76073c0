import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { randomSuffix, slugify } from '~/utils/slug'

export interface Organization {
  id: string
  name: string
  slug: string
  createdAt: Date
}

export async function getOrganizationByName(name: string): Promise<Organization | null> {
  const [row] = await db()<Organization[]>`
    select id, name, slug, created_at from organizations where lower(name) = lower(${name})`
  return row ?? null
}

export async function listOrganizations(): Promise<Organization[]> {
  return db()<Organization[]>`select id, name, slug, created_at from organizations order by name`
}

/** Returns the organization of that name, creating it when missing. */
export async function ensureOrganization({ name }: { name: string }): Promise<Organization> {
  const existing = await getOrganizationByName(name)
  if (existing) return existing
  const [row] = await db()<Organization[]>`
    insert into organizations (name, slug)
    values (${name}, ${`${slugify(name)}-${randomSuffix()}`})
    on conflict (name) do update set name = excluded.name
    returning id, name, slug, created_at`
  return row!
}

/** The organization's time zone: its daily watch-list mail goes at 8 am there. */
export async function getOrganizationTimeZone(organizationId: string): Promise<string> {
  const [row] = await db()<{ timeZone: string }[]>`
    select time_zone from organizations where id = ${organizationId}`
  return row?.timeZone ?? 'America/New_York'
}

export async function setOrganizationTimeZone({
  organizationId,
  timeZone,
}: {
  organizationId: string
  timeZone: string
}): Promise<void> {
  await db()`update organizations set time_zone = ${timeZone} where id = ${organizationId}`
}

/** The organization's own privacy notice (Markdown), or null for Vigil's default. */
export async function getPrivacyNotice(organizationId: string): Promise<string | null> {
  const [row] = await db()<{ privacyNotice: string | null }[]>`
    select privacy_notice from organizations where id = ${organizationId}`
  return row?.privacyNotice ?? null
}

export async function setPrivacyNotice(
  { organizationId, notice }: { organizationId: string; notice: string | null },
  sql: Sql | TransactionSql = db(),
): Promise<void> {
  await sql`update organizations set privacy_notice = ${notice} where id = ${organizationId}`
}

/** What the public pages' footer says of the organization behind a petition. */
export interface OrganizationContact {
  name: string
  contactEmail: string | null
  privacyUrl: string | null
}

export async function getOrganizationContact(
  organizationId: string,
): Promise<OrganizationContact | null> {
  const [row] = await db()<OrganizationContact[]>`
    select name, contact_email, privacy_url from organizations where id = ${organizationId}`
  return row ?? null
}

export async function setOrganizationContact({
  organizationId,
  contactEmail,
  privacyUrl,
}: {
  organizationId: string
  contactEmail: string | null
  privacyUrl: string | null
}): Promise<void> {
  await db()`
    update organizations set contact_email = ${contactEmail}, privacy_url = ${privacyUrl}
    where id = ${organizationId}`
}

/** The organization's slug: how another organization names it to invite it as a partner (decision 043). */
export async function getOrganizationSlug(organizationId: string): Promise<string | null> {
  const [row] = await db()<{ slug: string }[]>`
    select slug from organizations where id = ${organizationId}`
  return row?.slug ?? null
}
