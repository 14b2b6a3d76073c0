import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import {
  RESOLVED_CASE_STATUSES,
  type LetterDigestKind,
  type LetterDigestSchedule,
  type LetterDigestStatus,
  type NextDateKind,
  type PetitionStatus,
} from '~/domain/states'

/**
 * Signers' letters, delivered to a petition's targets in digests: one row
 * per official and window (the per-recipient delivery record, claimed in
 * batches with a lease like message_deliveries), its items naming the
 * letters it carries. See docs/decisions/023-letter-digests.md.
 */

/** A daily digest's cut-off: this hour, in the case's time zone (offices are open). */
export const DAILY_DIGEST_HOUR = 8
/** The last digest before a deadline goes out this long before it, once per deadline. */
export const FINAL_DIGEST_LEAD_HOURS = 2
/** More letters than this in one window are split into several mails. */
export const MAX_LETTERS_PER_DIGEST = 2000
/** Petitions whose letters still go out; won or lost means the decision is made. */
const DELIVERING_STATUSES: PetitionStatus[] = ['open', 'closed']

/**
 * The letters of a petition: confirmed signatures (neither pending, held nor
 * invalidated) whose letter is not blank. `s` is the signatures alias.
 */
const LETTER = `s.status = 'confirmed' and s.letter is not null and btrim(s.letter) <> ''`

/**
 * The latest schedule cut-off at or before `now`, as SQL over the petition
 * `p` and case `c`: the top of the hour (UTC) for hourly petitions, else
 * DAILY_DIGEST_HOUR o'clock in the case's time zone (local arithmetic, so
 * daylight saving time moves nothing).
 */
function cutoffSql(sql: Sql | TransactionSql, now: Date) {
  return sql`(case p.letter_digest
    when 'hourly' then date_trunc('hour', ${now}::timestamptz)
    else (date_trunc('day', ${now}::timestamptz at time zone c.time_zone)
      - case when (${now}::timestamptz at time zone c.time_zone)::time
          < make_time(${DAILY_DIGEST_HOUR}, 0, 0) then interval '1 day' else interval '0' end
      + make_interval(hours => ${DAILY_DIGEST_HOUR})) at time zone c.time_zone
    end)`
}

interface DuePetition {
  id: string
  cutoff: Date
  nextDate: Date | null
  finalDue: boolean
}

export interface BuiltDigest {
  id: string
  petitionId: string
  officialId: string
  kind: LetterDigestKind
  letterCount: number
}

/**
 * Builds every digest that is due at `now` (injected by tests; the job
 * passes the clock). For each petition that is open or closed, of a case
 * not yet resolved, with letters some target with an email has not
 * received:
 *
 * - within FINAL_DIGEST_LEAD_HOURS before the case's next date, the final
 *   digest: every letter confirmed before `now`, once per deadline;
 * - otherwise the scheduled one: letters confirmed before the petition's
 *   latest cut-off, one digest per official and cut-off.
 *
 * Idempotent under concurrency: a petition's targets are locked FOR UPDATE
 * SKIP LOCKED while it is built (another worker skips them), the unique
 * indexes allow one digest per window (or deadline), and an item's unique
 * (official, signature) means a letter can never be put in two digests
 * for the same official.
 */
export async function buildDueLetterDigests({ now = new Date() }: { now?: Date } = {}): Promise<
  BuiltDigest[]
> {
  const sql = db()
  const due = await sql<DuePetition[]>`
    select p.id, ${cutoffSql(sql, now)} as cutoff, c.next_date,
      coalesce(c.next_date > ${now}::timestamptz
        and c.next_date <= ${now}::timestamptz + make_interval(hours => ${FINAL_DIGEST_LEAD_HOURS}),
        false) as final_due
    from petitions p join cases c on c.id = p.case_id
    where p.status = any(${DELIVERING_STATUSES}::text[])
      -- A resolved case's letters no longer go: the decision is made.
      and c.status <> all(${RESOLVED_CASE_STATUSES as readonly string[]}::text[])
      and exists (
        select 1 from signatures s
        join petition_targets t on t.petition_id = s.petition_id
        join officials o on o.id = t.official_id
        where s.petition_id = p.id and ${sql.unsafe(LETTER)} and s.confirmed_at < ${now}
          and o.email is not null
          and not exists (
            select 1 from letter_digest_items i
            where i.official_id = t.official_id and i.signature_id = s.id))
    order by c.next_date nulls last`
  const built: BuiltDigest[] = []
  for (const petition of due) {
    try {
      built.push(...(await buildPetitionDigests(petition, now)))
    } catch (error) {
      // One petition's trouble must not hold back the others' letters; the next run retries it.
      console.error(`[letters] building digests for petition ${petition.id}:`, error)
    }
  }
  return built
}

async function buildPetitionDigests(petition: DuePetition, now: Date): Promise<BuiltDigest[]> {
  return db().begin(async (sql) => {
    const targets = await sql<{ officialId: string; email: string }[]>`
      select t.official_id, o.email from petition_targets t
      join officials o on o.id = t.official_id
      where t.petition_id = ${petition.id} and o.email is not null
      order by t.official_id
      for update of t skip locked`
    const built: BuiltDigest[] = []
    for (const target of targets) {
      const final = petition.finalDue
        ? await insertDigests(sql, {
            petitionId: petition.id,
            ...target,
            kind: 'final',
            cutoff: now,
            deadline: petition.nextDate,
          })
        : []
      built.push(
        ...(final.length > 0
          ? final
          : await insertDigests(sql, {
              petitionId: petition.id,
              ...target,
              kind: 'scheduled',
              cutoff: petition.cutoff,
              deadline: null,
            })),
      )
    }
    return built
  })
}

/**
 * One official's waiting letters confirmed before `cutoff`, as digests of
 * at most MAX_LETTERS_PER_DIGEST letters each (oldest first). Nothing when
 * this window's (or deadline's) digest exists already: the letters wait
 * for the next one.
 */
async function insertDigests(
  sql: TransactionSql,
  input: {
    petitionId: string
    officialId: string
    email: string
    kind: LetterDigestKind
    cutoff: Date
    deadline: Date | null
  },
): Promise<BuiltDigest[]> {
  const built: BuiltDigest[] = []
  for (let part = 1; ; part++) {
    const [row] = await sql<{ id: string; letterCount: number }[]>`
      with pending as (
        select s.id from signatures s
        where s.petition_id = ${input.petitionId} and ${sql.unsafe(LETTER)}
          and s.confirmed_at < ${input.cutoff}
          and not exists (
            select 1 from letter_digest_items i
            where i.official_id = ${input.officialId} and i.signature_id = s.id)
        order by s.confirmed_at, s.id
        limit ${MAX_LETTERS_PER_DIGEST}
      ), digest as (
        insert into letter_digests (petition_id, official_id, kind, window_start, window_end, part,
          deadline, letter_count, to_address)
        select ${input.petitionId}, ${input.officialId}, ${input.kind},
          (select max(d.window_end) from letter_digests d
           where d.petition_id = ${input.petitionId} and d.official_id = ${input.officialId}
             and d.window_end < ${input.cutoff}),
          ${input.cutoff}, ${part}, ${input.deadline}, count(*), ${input.email}
        from pending having count(*) > 0
        on conflict do nothing
        returning id, letter_count
      ), items as (
        insert into letter_digest_items (digest_id, signature_id, official_id)
        select digest.id, pending.id, ${input.officialId} from digest, pending
      )
      select id, letter_count from digest`
    if (!row) break
    built.push({
      id: row.id,
      petitionId: input.petitionId,
      officialId: input.officialId,
      kind: input.kind,
      letterCount: row.letterCount,
    })
    if (row.letterCount < MAX_LETTERS_PER_DIGEST) break
  }
  return built
}

// ---------------------------------------------------------------------------
// Sending: claims, content, results

export interface ClaimedLetterDigest {
  id: string
  petitionId: string
  officialId: string
  kind: LetterDigestKind
  deadline: Date | null
  toAddress: string
  letterCount: number
  attempts: number
  /** Built, or sent again: the 24-hour retry window starts here. */
  queuedAt: Date
}

/**
 * Claims up to `limit` due digests. The claim is a lease (next_attempt_at
 * moved `leaseSeconds` ahead): a worker that dies leaves its digests to the
 * next claim after the lease.
 */
export async function claimDueLetterDigests({
  limit,
  leaseSeconds,
}: {
  limit: number
  leaseSeconds: number
}): Promise<ClaimedLetterDigest[]> {
  return db()<ClaimedLetterDigest[]>`
    with due as (
      select id from letter_digests
      where status in ('queued', 'sending') and next_attempt_at <= now()
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    update letter_digests d
    set status = 'sending', attempts = d.attempts + 1,
      next_attempt_at = now() + ${leaseSeconds} * interval '1 second'
    from due where d.id = due.id
    returning d.id, d.petition_id, d.official_id, d.kind, d.deadline, d.to_address,
      d.letter_count, d.attempts, d.queued_at`
}

export interface LetterDigestContext {
  petitionTitle: string
  petitionSlug: string
  signatureCount: number
  personName: string
  nextDate: Date | null
  nextDateKind: NextDateKind | null
  timeZone: string
  organizationName: string
  officialName: string
  officialTitle: string | null
  /** The petition's creator, while still a member of its organization. */
  replyTo: { name: string | null; address: string } | null
}

export async function getLetterDigestContext(
  digest: Pick<ClaimedLetterDigest, 'petitionId' | 'officialId'>,
): Promise<LetterDigestContext | null> {
  const [row] = await db()<LetterDigestContext[]>`
    select p.title as petition_title, p.slug as petition_slug, p.signature_count,
      c.person_name, c.next_date, c.next_date_kind, c.time_zone,
      org.name as organization_name, o.name as official_name, o.title as official_title,
      case when u.id is not null then json_build_object('name', u.name, 'address', u.email)
      end as reply_to
    from petitions p
    join cases c on c.id = p.case_id
    join organizations org on org.id = p.organization_id
    join officials o on o.id = ${digest.officialId}
    left join memberships m on m.user_id = p.created_by and m.organization_id = p.organization_id
    left join users u on u.id = m.user_id
    where p.id = ${digest.petitionId}`
  return row ?? null
}

export interface DigestLetterRow {
  name: string
  locality: string | null
  confirmedAt: Date
  letter: string
}

/**
 * A digest's letters, oldest first: those still confirmed now (a letter
 * invalidated by moderation after the digest was built is left out).
 */
export async function getDigestLetters(digestId: string): Promise<DigestLetterRow[]> {
  return db()<DigestLetterRow[]>`
    select s.name, s.locality, s.confirmed_at, s.letter
    from letter_digest_items i join signatures s on s.id = i.signature_id
    where i.digest_id = ${digestId} and ${db().unsafe(LETTER)}
    order by s.confirmed_at, s.id`
}

/** Recorded the moment the server said 250, with the letters actually sent. */
export async function markLetterDigestSent({
  id,
  smtpMessageId,
  letterCount,
}: {
  id: string
  smtpMessageId: string
  letterCount: number
}): Promise<void> {
  await db()`
    update letter_digests
    set status = 'sent', sent_at = now(), smtp_message_id = ${smtpMessageId},
      letter_count = ${letterCount}, last_error = null
    where id = ${id}`
}

/**
 * Queues a failed digest again, to the official's address as it is now (an
 * organizer who corrected it, or a mailbox that works again). Null when the
 * digest is not the organization's or not failed.
 */
export async function resendLetterDigest({
  organizationId,
  petitionId,
  digestId,
}: {
  organizationId: string
  petitionId: string
  digestId: string
}): Promise<{ toAddress: string } | null> {
  if (!isUuid(digestId) || !isUuid(petitionId)) return null
  const [row] = await db()<{ toAddress: string }[]>`
    update letter_digests d
    set status = 'queued', attempts = 0, last_error = null, next_attempt_at = now(),
      queued_at = now(), to_address = o.email
    from petitions p, officials o
    where d.id = ${digestId} and d.petition_id = ${petitionId} and p.id = d.petition_id
      and p.organization_id = ${organizationId} and o.id = d.official_id
      and o.email is not null and d.status = 'failed'
    returning d.to_address`
  return row ?? null
}

/** When the next digest falls due (a retry, or a lease running out). */
export async function nextLetterDigestDueAt(): Promise<Date | null> {
  const [row] = await db()<{ at: Date | null }[]>`
    select min(next_attempt_at) as at from letter_digests where status in ('queued', 'sending')`
  return row?.at ?? null
}

// ---------------------------------------------------------------------------
// The dashboard's view

export interface LetterDigestListItem {
  id: string
  officialId: string
  officialName: string
  kind: LetterDigestKind
  windowStart: Date | null
  windowEnd: Date
  part: number
  deadline: Date | null
  letterCount: number
  toAddress: string
  status: LetterDigestStatus
  attempts: number
  lastError: string | null
  nextAttemptAt: Date
  createdAt: Date
  sentAt: Date | null
}

/** The petition's digests, newest first; empty for another organization's petition. */
export async function listLetterDigests({
  organizationId,
  petitionId,
  limit = 50,
  offset = 0,
}: {
  organizationId: string
  petitionId: string
  limit?: number
  offset?: number
}): Promise<LetterDigestListItem[]> {
  if (!isUuid(petitionId)) return []
  return db()<LetterDigestListItem[]>`
    select d.id, d.official_id, o.name as official_name, d.kind, d.window_start, d.window_end,
      d.part, d.deadline, d.letter_count, d.to_address, d.status, d.attempts, d.last_error,
      d.next_attempt_at, d.created_at, d.sent_at
    from letter_digests d
    join petitions p on p.id = d.petition_id
    join officials o on o.id = d.official_id
    where d.petition_id = ${petitionId} and p.organization_id = ${organizationId}
    order by d.created_at desc, o.name, d.part desc
    limit ${limit} offset ${offset}`
}

export async function countLetterDigests({
  organizationId,
  petitionId,
}: {
  organizationId: string
  petitionId: string
}): Promise<number> {
  if (!isUuid(petitionId)) return 0
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from letter_digests d join petitions p on p.id = d.petition_id
    where d.petition_id = ${petitionId} and p.organization_id = ${organizationId}`
  return row!.n
}

export interface LetterTargetSummary {
  officialId: string
  name: string
  title: string | null
  hasEmail: boolean
  /** Letters this official has not been sent yet (in no digest for them). */
  waiting: number
  delivered: number
}

export interface LetterSummary {
  schedule: LetterDigestSchedule
  carriesLetter: boolean
  /** Confirmed signatures with a letter. */
  letters: number
  targets: LetterTargetSummary[]
  /** The next schedule cut-off after `now`. */
  nextCutoff: Date
  /** When the final digest falls due, if the case has a date ahead. */
  finalAt: Date | null
}

/** What the organizer needs to see above the list; null for another organization's petition. */
export async function getLetterSummary({
  organizationId,
  petitionId,
  now = new Date(),
}: {
  organizationId: string
  petitionId: string
  now?: Date
}): Promise<LetterSummary | null> {
  if (!isUuid(petitionId)) return null
  const sql = db()
  const later = new Date(now.getTime() + 3_600_000)
  const tomorrow = new Date(now.getTime() + 86_400_000)
  const [petition] = await sql<
    {
      schedule: LetterDigestSchedule
      carriesLetter: boolean
      letters: number
      nextCutoff: Date
      finalAt: Date | null
    }[]
  >`
    select p.letter_digest as schedule, p.letter_default is not null as carries_letter,
      (select count(*)::int from signatures s
       where s.petition_id = p.id and ${sql.unsafe(LETTER)}) as letters,
      case p.letter_digest when 'hourly' then ${cutoffSql(sql, later)}
        else ${cutoffSql(sql, tomorrow)} end as next_cutoff,
      case when c.next_date > ${now}::timestamptz
        then c.next_date - make_interval(hours => ${FINAL_DIGEST_LEAD_HOURS}) end as final_at
    from petitions p join cases c on c.id = p.case_id
    where p.id = ${petitionId} and p.organization_id = ${organizationId}`
  if (!petition) return null
  const targets = await sql<LetterTargetSummary[]>`
    select o.id as official_id, o.name, o.title, o.email is not null as has_email,
      (select count(*)::int from signatures s
       where s.petition_id = t.petition_id and ${sql.unsafe(LETTER)}
         and not exists (
           select 1 from letter_digest_items i
           where i.official_id = o.id and i.signature_id = s.id)) as waiting,
      (select coalesce(sum(d.letter_count), 0)::int from letter_digests d
       where d.petition_id = t.petition_id and d.official_id = o.id and d.status = 'sent')
        as delivered
    from petition_targets t join officials o on o.id = t.official_id
    where t.petition_id = ${petitionId}
    order by o.name, o.id`
  return { ...petition, targets }
}
