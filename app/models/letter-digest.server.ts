import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { COUNTED, deadlineInForce } from './rules.server'
import { isUuid } from '~/utils/uuid'
import {
  RESOLVED_CASE_STATUSES,
  type LetterDigestKind,
  type LetterDigestSchedule,
  type LetterDigestStatus,
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
export const LETTER = `s.status in (${COUNTED}) and s.letter is not null and btrim(s.letter) <> ''`

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
 * - within FINAL_DIGEST_LEAD_HOURS before the case's next date, while that
 *   date is in force (not stayed or reprieved), the final digest: every
 *   letter confirmed before `now`, once per deadline;
 * - otherwise the scheduled one: letters confirmed before the petition's
 *   latest cut-off, one digest per official and cut-off.
 *
 * Idempotent under concurrency: a petition's targets are locked FOR UPDATE
 * while it is built (a lock, not a claim: another worker waits, then finds
 * the letters taken), the unique indexes allow one digest per window (or
 * deadline), and an item's unique (official, signature) means a letter
 * can never be put in two digests for the same official.
 */
export async function buildDueLetterDigests({ now = new Date() }: { now?: Date } = {}): Promise<
  BuiltDigest[]
> {
  const sql = db()
  const due = await sql<DuePetition[]>`
    select p.id, ${cutoffSql(sql, now)} as cutoff, c.next_date,
      -- A stay or a reprieve suspends the date: no final digest until it is in force again.
      coalesce(${deadlineInForce('c')} and c.next_date > ${now}::timestamptz
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
      for update of t`
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
      case when ${deadlineInForce('c')} and c.next_date > ${now}::timestamptz
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
