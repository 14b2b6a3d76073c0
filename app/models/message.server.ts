import { DomainError, NOT_VALID } from '~/domain/errors'
import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import {
  canCancelMessage,
  canSendMessage,
  type MessageStatus,
  type OutcomeUpdate,
} from '~/domain/states'
import type { Audience } from '~/validation/message'
import { EVERYONE } from './audience.server'

/**
 * Campaigns to signers: a message, its target petitions, and one delivery
 * row per recipient, which the delivery job claims in batches. See
 * docs/decisions/020-delivery-engine.md.
 */

export interface MessageRow {
  id: string
  organizationId: string
  subject: string
  body: string
  /** The Spanish version for signers who signed in Spanish (decision 040); null: none. */
  subjectEs: string | null
  bodyEs: string | null
  status: MessageStatus
  scheduledAt: Date | null
  createdBy: string | null
  createdAt: Date
  updatedAt: Date
  fannedOutAt: Date | null
  finishedAt: Date | null
  cancelledAt: Date | null
  /** Set when the message is timed relative to this case's next date. */
  deadlineCaseId: string | null
  hoursBeforeDeadline: number | null
  /** The outcome template it was drafted from, for a signer update. */
  outcome: OutcomeUpdate | null
  cancelReason: string | null
  petitionIds: string[]
  /** Region limits; both empty: every confirmed, subscribed signer of the targets. */
  audienceCountries: string[]
  audiencePostalPrefixes: string[]
}

export interface MessageStatistics {
  totalTargeted: number
  queued: number
  sent: number
  failed: number
  skipped: number
  cancelled: number
  /**
   * Recipients whose unsubscribe is dated after the message began sending:
   * those skipped because they left before their turn, and those who left
   * through (or after) this message.
   */
  unsubscribed: number
}

export class UnknownPetitionsError extends DomainError {
  constructor(readonly petitionIds: string[]) {
    super(
      'invalid',
      NOT_VALID,
      { targets: [`No such petition: ${petitionIds.join(', ')}.`] },
      {
        petitionIds: ['Choose among your own petitions.'],
      },
    )
  }
}

export class MessageStateError extends DomainError {
  constructor(readonly status: MessageStatus) {
    super('conflict', `The message is already ${status}.`)
  }
}

// ---------------------------------------------------------------------------
// Messages

function messageQuery(where: ReturnType<ReturnType<typeof db>>) {
  const sql = db()
  return sql<MessageRow[]>`
    select m.id, m.organization_id, m.subject, m.body, m.subject_es, m.body_es, m.status,
      m.scheduled_at, m.created_by,
      m.created_at, m.updated_at, m.fanned_out_at, m.finished_at, m.cancelled_at,
      m.deadline_case_id, m.hours_before_deadline, m.outcome, m.cancel_reason,
      m.audience_countries, m.audience_postal_prefixes,
      coalesce((select array_agg(t.petition_id order by t.petition_id) from message_targets t
                where t.message_id = m.id), '{}') as petition_ids
    from messages m where ${where}`
}

/**
 * A draft message. Throws UnknownPetitionsError for petitions outside the
 * organization (services/campaigns.server.ts checks the template first).
 */
export async function createMessage(input: {
  organizationId: string
  createdBy: string | null
  subject: string
  body: string
  subjectEs?: string | null
  bodyEs?: string | null
  petitionIds: string[]
  audience?: Audience
}): Promise<MessageRow> {
  const petitionIds = await checkMessagePetitions(input.organizationId, input.petitionIds)
  const audience = input.audience ?? EVERYONE
  const id = await db().begin(async (sql) => {
    const [row] = await sql<{ id: string }[]>`
      insert into messages (organization_id, subject, body, created_by, audience_countries,
        audience_postal_prefixes, subject_es, body_es)
      values (${input.organizationId}, ${input.subject}, ${input.body}, ${input.createdBy},
        ${audience.countries}::text[], ${audience.postalPrefixes}::text[],
        ${input.subjectEs || null}, ${input.bodyEs || null})
      returning id`
    await sql`
      insert into message_targets (message_id, petition_id)
      select ${row!.id}, unnest(${petitionIds}::uuid[])`
    return row!.id
  })
  return (await getMessageForOrganization({ organizationId: input.organizationId, messageId: id }))!
}

/**
 * Whose signers an organization may mail about petition `p`: its own
 * petitions', and those it is an active partner on (decision 043; which
 * signers, `consented` in audience.server.ts says).
 */
export function mayMailSignersOf(organizationId: string) {
  return db()`(p.organization_id = ${organizationId} or exists (
    select 1 from petition_partners pp where pp.petition_id = p.id
      and pp.organization_id = ${organizationId} and pp.status = 'active'))`
}

/** The petitions, deduplicated; throws UnknownPetitionsError for any it may not mail about. */
export async function checkMessagePetitions(
  organizationId: string,
  ids: string[],
): Promise<string[]> {
  const petitionIds = [...new Set(ids)]
  const valid = petitionIds.filter(isUuid)
  const found = valid.length
    ? await db()<{ id: string }[]>`
        select id from petitions p
        where id = any(${valid}::uuid[]) and ${mayMailSignersOf(organizationId)}`
    : []
  const known = new Set(found.map((r) => r.id))
  const unknown = petitionIds.filter((id) => !known.has(id))
  if (unknown.length > 0) throw new UnknownPetitionsError(unknown)
  return petitionIds
}

/**
 * Changes a draft: its text, targets and regions. Null when the message is
 * not the organization's; MessageStateError once it is scheduled or sent
 * (cancel and write a new one); UnknownPetitionsError as for createMessage.
 */
export async function updateDraftMessage(input: {
  organizationId: string
  messageId: string
  subject: string
  body: string
  subjectEs?: string | null
  bodyEs?: string | null
  petitionIds: string[]
  audience: Audience
}): Promise<MessageRow | null> {
  const { organizationId, messageId } = input
  const existing = await getMessageForOrganization({ organizationId, messageId })
  if (!existing) return null
  if (existing.status !== 'draft') throw new MessageStateError(existing.status)
  const petitionIds = await checkMessagePetitions(organizationId, input.petitionIds)
  const updated = await db().begin(async (sql) => {
    const [row] = await sql<{ id: string }[]>`
      update messages
      set subject = ${input.subject}, body = ${input.body},
        subject_es = ${input.subjectEs || null}, body_es = ${input.bodyEs || null},
        audience_countries = ${input.audience.countries}::text[],
        audience_postal_prefixes = ${input.audience.postalPrefixes}::text[], updated_at = now()
      where id = ${messageId} and organization_id = ${organizationId} and status = 'draft'
      returning id`
    if (!row) return false
    await sql`delete from message_targets where message_id = ${messageId}`
    await sql`
      insert into message_targets (message_id, petition_id)
      select ${messageId}, unnest(${petitionIds}::uuid[])`
    return true
  })
  const now = await getMessageForOrganization({ organizationId, messageId })
  if (!updated) throw new MessageStateError(now?.status ?? existing.status)
  return now
}

/** The petitions a message may go to: the organization's and its partners', newest first. */
export async function listMessagePetitionChoices({
  organizationId,
}: {
  organizationId: string
}): Promise<{ id: string; title: string; personName: string; signatureCount: number }[]> {
  return db()<{ id: string; title: string; personName: string; signatureCount: number }[]>`
    select p.id, p.title, c.person_name, p.signature_count
    from petitions p join cases c on c.id = p.case_id
    where ${mayMailSignersOf(organizationId)}
    order by p.created_at desc, p.id
    limit 500`
}

/** The organization's messages, newest first, with their delivery counts. */
export interface MessageListItem {
  id: string
  subject: string
  status: MessageStatus
  scheduledAt: Date | null
  createdAt: Date
  finishedAt: Date | null
  totalTargeted: number | null
  sent: number
  /** The first target's case time zone: the zone the organizer thinks in for it. */
  timeZone: string
}

export async function listMessagesForOrganization({
  organizationId,
  limit,
  offset,
}: {
  organizationId: string
  limit: number
  offset: number
}): Promise<MessageListItem[]> {
  return db()<MessageListItem[]>`
    select m.id, m.subject, m.status, m.scheduled_at, m.created_at, m.finished_at,
      m.total_targeted,
      (select count(*)::int from message_deliveries d
       where d.message_id = m.id and d.status = 'sent') as sent,
      coalesce((select c.time_zone from message_targets t
                join petitions p on p.id = t.petition_id join cases c on c.id = p.case_id
                where t.message_id = m.id order by p.created_at, p.id limit 1),
               'UTC') as time_zone
    from messages m
    where m.organization_id = ${organizationId}
    order by m.created_at desc, m.id
    limit ${limit} offset ${offset}`
}

export async function countMessagesForOrganization({
  organizationId,
}: {
  organizationId: string
}): Promise<number> {
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from messages where organization_id = ${organizationId}`
  return row!.n
}

export async function getMessageForOrganization({
  organizationId,
  messageId,
}: {
  organizationId: string
  messageId: string
}): Promise<MessageRow | null> {
  if (!isUuid(messageId)) return null
  const sql = db()
  const [row] = await messageQuery(
    sql`m.id = ${messageId} and m.organization_id = ${organizationId}`,
  )
  return row ?? null
}

/**
 * Sends a draft now (sending) or at `scheduledAt` (scheduled); a scheduled
 * message may be moved (a fixed time replaces a deadline timing, see
 * deadline-mail.server.ts). Returns null when the message is not the
 * organization's; throws MessageStateError when it is past sending.
 */
export async function sendMessage({
  organizationId,
  messageId,
  scheduledAt,
}: {
  organizationId: string
  messageId: string
  scheduledAt: Date | null
}): Promise<MessageRow | null> {
  const existing = await getMessageForOrganization({ organizationId, messageId })
  if (!existing) return null
  if (!canSendMessage(existing.status)) throw new MessageStateError(existing.status)
  const later = scheduledAt && scheduledAt.getTime() > Date.now()
  const [row] = await db()<{ id: string }[]>`
    update messages
    set status = ${later ? 'scheduled' : 'sending'},
      scheduled_at = coalesce(${later ? scheduledAt : null}::timestamptz, now()),
      deadline_case_id = null, hours_before_deadline = null, updated_at = now()
    where id = ${messageId} and organization_id = ${organizationId}
      and status in ('draft', 'scheduled') and fanned_out_at is null
    returning id`
  if (!row) {
    const now = await getMessageForOrganization({ organizationId, messageId })
    throw new MessageStateError(now?.status ?? existing.status)
  }
  return getMessageForOrganization({ organizationId, messageId })
}

/**
 * Cancels a message that is not yet sent: the fan-out will not run, and
 * rows not yet sent become cancelled (a row whose SMTP transaction is under
 * way when this commits is recorded as sent, as it was). Idempotent.
 */
export async function cancelMessage({
  organizationId,
  messageId,
}: {
  organizationId: string
  messageId: string
}): Promise<MessageRow | null> {
  const existing = await getMessageForOrganization({ organizationId, messageId })
  if (!existing) return null
  if (!canCancelMessage(existing.status)) throw new MessageStateError(existing.status)
  const done = await db().begin(async (sql) => {
    const [row] = await sql<{ id: string }[]>`
      update messages set status = 'cancelled', cancelled_at = coalesce(cancelled_at, now()),
        updated_at = now()
      where id = ${messageId} and organization_id = ${organizationId} and status <> 'sent'
      returning id`
    if (!row) return false
    await sql`
      update message_deliveries set status = 'cancelled', last_error = 'message cancelled'
      where message_id = ${messageId} and status in ('queued', 'sending')`
    return true
  })
  if (!done) throw new MessageStateError('sent')
  return getMessageForOrganization({ organizationId, messageId })
}

export async function getMessageStatistics(messageId: string): Promise<MessageStatistics> {
  const [row] = await db()<MessageStatistics[]>`
    select count(*)::int as total_targeted,
      count(*) filter (where d.status in ('queued', 'sending'))::int as queued,
      count(*) filter (where d.status = 'sent')::int as sent,
      count(*) filter (where d.status = 'failed')::int as failed,
      count(*) filter (where d.status = 'skipped')::int as skipped,
      count(*) filter (where d.status = 'cancelled')::int as cancelled,
      count(*) filter (where s.unsubscribed_at >= m.fanned_out_at)::int as unsubscribed
    from message_deliveries d
    join messages m on m.id = d.message_id
    join supporters s on s.id = d.supporter_id
    where d.message_id = ${messageId}`
  return row!
}
