import type { CaseStatus, NextDateKind } from '~/domain/states'
import { RESOLVED_CASE_STATUSES } from '~/domain/states'
import { WATCH_DIGEST_DAYS, WATCH_DIGEST_HOUR } from '~/domain/watch'
import { db } from '~/utils/db.server'
import type { EmailTemplate } from './outbound-email.server'

/**
 * The watch list: every case's next date in order with what it has (an
 * open petition, outreach sent, a call script), and the daily mail's
 * sweep and context.
 */
export interface WatchItem {
  id: string
  slug: string
  personName: string
  jurisdiction: string
  status: CaseStatus
  nextDate: Date
  nextDateKind: NextDateKind | null
  timeZone: string
  hasOpenPetition: boolean
  outreachSent: boolean
  hasCallScript: boolean
}

const RESOLVED = RESOLVED_CASE_STATUSES.map((s) => `'${s}'`).join(', ')

/**
 * The organization's unresolved cases with a next date from `from` (and
 * before `until`, when given), the nearest first.
 */
export async function listWatchItems({
  organizationId,
  from,
  until = null,
  limit = 500,
}: {
  organizationId: string
  from: Date
  until?: Date | null
  limit?: number
}): Promise<WatchItem[]> {
  const sql = db()
  return sql<WatchItem[]>`
    select c.id, c.slug, c.person_name, c.jurisdiction, c.status, c.next_date, c.next_date_kind,
      c.time_zone,
      exists (select 1 from petitions p where p.case_id = c.id and p.status = 'open')
        as has_open_petition,
      exists (select 1 from outreach_deliveries d
        join outreaches o on o.id = d.outreach_id
        join petitions p on p.id = o.petition_id
        where p.case_id = c.id and d.status = 'sent') as outreach_sent,
      exists (select 1 from call_scripts s where s.case_id = c.id) as has_call_script
    from cases c
    where c.organization_id = ${organizationId} and c.next_date >= ${from}
      ${until ? sql`and c.next_date < ${until}` : sql``}
      and c.status not in (${sql.unsafe(RESOLVED)})
    order by c.next_date, c.id
    limit ${limit}`
}

export const WATCH_DIGEST_TEMPLATE = 'organizer.watch-digest' satisfies EmailTemplate

/**
 * The daily sweep, in one statement: each organization where it is past
 * WATCH_DIGEST_HOUR today (its time zone) with a date in the next
 * WATCH_DIGEST_DAYS takes today's run row (once: the primary key) and
 * queues the mail to each member who has not turned it off. A second
 * sweep that day finds the row and queues nothing. Returns the mail queued.
 */
export async function queueDueWatchDigests(now: Date): Promise<number> {
  const sql = db()
  const [row] = await sql<{ n: number }[]>`
    with due as (
      select o.id, (${now}::timestamptz at time zone o.time_zone)::date as day
      from organizations o
      where extract(hour from ${now}::timestamptz at time zone o.time_zone) >= ${WATCH_DIGEST_HOUR}
        and exists (select 1 from cases c
          where c.organization_id = o.id and c.status not in (${sql.unsafe(RESOLVED)})
            and c.next_date >= ${now}
            and c.next_date < ${now}::timestamptz + make_interval(days => ${WATCH_DIGEST_DAYS}))
    ), recipients as (
      select m.organization_id, u.id as user_id, u.email
      from memberships m join users u on u.id = m.user_id
      where u.watch_digest and m.organization_id in (select id from due)
    ), runs as (
      insert into watch_digest_runs (organization_id, day, recipients)
      select d.id, d.day, (select count(*) from recipients r where r.organization_id = d.id)
      from due d
      on conflict (organization_id, day) do nothing
      returning organization_id, day
    ), mail as (
      insert into outbound_emails (organization_id, template, to_address, props)
      select r.organization_id, ${WATCH_DIGEST_TEMPLATE}, r.email,
        jsonb_build_object('userId', r.user_id, 'day', runs.day)
      from runs join recipients r on r.organization_id = runs.organization_id
      returning 1
    )
    select count(*)::int as n from mail`
  return row!.n
}

export interface WatchDigestContext {
  userId: string
  name: string | null
  organizationId: string
  organizationName: string
  timeZone: string
}

/** The recipient and organization of a queued digest; null when they left or turned it off. */
export async function getWatchDigestContext({
  userId,
  organizationId,
}: {
  userId: string
  organizationId: string
}): Promise<WatchDigestContext | null> {
  const [row] = await db()<WatchDigestContext[]>`
    select u.id as user_id, u.name, o.id as organization_id, o.name as organization_name,
      o.time_zone
    from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
    where m.user_id = ${userId} and m.organization_id = ${organizationId} and u.watch_digest`
  return row ?? null
}

export async function setWatchDigest({ userId, on }: { userId: string; on: boolean }) {
  await db()`update users set watch_digest = ${on}, updated_at = now() where id = ${userId}`
}

export async function getWatchDigestSetting(userId: string): Promise<boolean> {
  const [row] = await db()<{ watchDigest: boolean }[]>`
    select watch_digest from users where id = ${userId}`
  return row?.watchDigest ?? false
}
