import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import type { LetterDigestKind, NextDateKind } from '~/domain/states'
import { LETTER } from './letter-digest.server'

/**
 * Sending letter digests: claims (SKIP LOCKED, with a lease), what each
 * mail shows, and the results. See docs/decisions/023-letter-digests.md.
 */

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
