import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import type { LetterDigestKind, NextDateKind } from '~/domain/states'
import type { DeliveryKind } from './delivery-queue.server'
import { LETTER } from './letter-digest.server'

/**
 * The letter-digest kind of the delivery queue (delivery-queue.server.ts
 * claims and records the digests), what each mail shows, and sending a
 * failed digest again. See docs/decisions/023-letter-digests.md.
 */

/** What the digest sender reads of each claimed digest. */
export interface LetterDigestToSend {
  petitionId: string
  officialId: string
  kind: LetterDigestKind
  deadline: Date | null
  toAddress: string
  letterCount: number
}

/**
 * Digests in the delivery queue, claimed plainly. The retry window counts
 * from when the digest was built or sent again by an organizer.
 */
export const LETTER_DIGESTS: DeliveryKind<LetterDigestToSend> = {
  table: 'letter_digests',
  idType: 'uuid',
  messageIdColumn: 'smtp_message_id',
  leaseSeconds: 60,
  queuedAt: `d.queued_at`,
  columns: `d.petition_id, d.official_id, d.kind, d.deadline, d.to_address, d.letter_count`,
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
  digest: Pick<LetterDigestToSend, 'petitionId' | 'officialId'>,
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

/**
 * The letters a digest carries as it is sent (moderation may have removed
 * some since it was built): the count the organizer sees, sent or not.
 */
export async function setDigestLetterCount({
  id,
  letterCount,
}: {
  id: string
  letterCount: number
}): Promise<void> {
  await db()`update letter_digests set letter_count = ${letterCount} where id = ${id}`
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
