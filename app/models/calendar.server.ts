import crypto from 'node:crypto'
import type { CaseStatus, NextDateKind } from '~/domain/states'
import { RESOLVED_CASE_STATUSES } from '~/domain/states'
import { db } from '~/utils/db.server'
import { publishedPetition } from './rules.server'

/**
 * What the iCalendar feeds list (services/calendar.server.ts writes them):
 * each case's next date, one per case, while the case is not resolved; and
 * the secret feed URLs, kept as their SHA-256 hash only.
 */
export interface CaseDate {
  id: string
  slug: string
  personName: string
  jurisdiction: string
  status: CaseStatus
  nextDate: Date
  nextDateKind: NextDateKind | null
  timeZone: string
  updatedAt: Date
  /** How often the date has moved: the event's SEQUENCE, so calendars take the new time. */
  moves: number
  /** A published petition of the case, for the event's link (the most recent). */
  petitionSlug: string | null
}

const RESOLVED = RESOLVED_CASE_STATUSES.map((s) => `'${s}'`).join(', ')

/**
 * Cases with a next date that are not resolved: the public feed's (those
 * with a published petition, of every organization) or one organization's
 * (all of its cases, drafts' cases too).
 */
export async function listCaseDates(
  scope: { public: true } | { organizationId: string },
): Promise<CaseDate[]> {
  const sql = db()
  const where =
    'organizationId' in scope
      ? sql`c.organization_id = ${scope.organizationId}`
      : sql`exists (select 1 from petitions p where p.case_id = c.id and ${publishedPetition('p')})`
  return sql<CaseDate[]>`
    select c.id, c.slug, c.person_name, c.jurisdiction, c.status, c.next_date, c.next_date_kind,
      c.time_zone, c.updated_at,
      (select count(*)::int from case_events e
        where e.case_id = c.id and e.kind = 'date_changed') as moves,
      (select p.slug from petitions p where p.case_id = c.id and ${publishedPetition('p')}
        order by p.created_at desc limit 1) as petition_slug
    from cases c
    where c.next_date is not null and c.status not in (${sql.unsafe(RESOLVED)}) and ${where}
    order by c.next_date, c.id`
}

function hashSecret(secret: string): Buffer {
  return crypto.createHash('sha256').update(secret).digest()
}

/**
 * A new secret feed URL for the organization, replacing (revoking) the one
 * it had: the secret is returned once and stored only as its hash.
 */
export async function createCalendarFeed({
  organizationId,
  actorId,
}: {
  organizationId: string
  actorId: string | null
}): Promise<string> {
  const secret = `cal_${crypto.randomBytes(24).toString('base64url')}`
  await db().begin(async (tx) => {
    await tx`
      update calendar_feeds set revoked_at = now()
      where organization_id = ${organizationId} and revoked_at is null`
    await tx`
      insert into calendar_feeds (organization_id, token_hash, created_by)
      values (${organizationId}, ${hashSecret(secret)}, ${actorId})`
  })
  return secret
}

export async function revokeCalendarFeed(organizationId: string): Promise<void> {
  await db()`
    update calendar_feeds set revoked_at = now()
    where organization_id = ${organizationId} and revoked_at is null`
}

/** When the organization's live feed was made; null when it has none. */
export async function getLiveCalendarFeed(
  organizationId: string,
): Promise<{ createdAt: Date } | null> {
  const [row] = await db()<{ createdAt: Date }[]>`
    select created_at from calendar_feeds
    where organization_id = ${organizationId} and revoked_at is null`
  return row ?? null
}

/** The organization a live secret opens (name included for the calendar's title), or null. */
export async function organizationForCalendarSecret(
  secret: string,
): Promise<{ id: string; name: string } | null> {
  if (!/^cal_[\w-]{20,64}$/.test(secret)) return null
  const [row] = await db()<{ id: string; name: string }[]>`
    select o.id, o.name from calendar_feeds f join organizations o on o.id = f.organization_id
    where f.token_hash = ${hashSecret(secret)} and f.revoked_at is null`
  return row ?? null
}
