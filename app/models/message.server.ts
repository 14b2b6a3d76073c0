import { db } from '~/utils/db.server'
import { isUuid } from './petition.server'
import {
  canCancelMessage,
  canSendMessage,
  CASE_STATUS_LABELS,
  type CaseStatus,
  type DeliveryStatus,
  type MessageStatus,
  type OutcomeUpdate,
  type SuppressionReason,
} from '~/domain/states'
import { canonicalEmail } from '~/validation/email'
import type { Audience } from '~/validation/message'
import { validateMessageTemplate, type MergeContext } from '~/mail/templates.server'
import { daysLeft, formatDate } from '~/utils/time'

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

/** No region limit. */
export const EVERYONE: Audience = { countries: [], postalPrefixes: [] }

/**
 * Whether the signature `sig` is in the audience's regions: its country is
 * one of the countries (when any are named) and its postal code, upper case
 * without spaces or dashes, starts with one of the prefixes (when any are
 * named). Both named: both must hold ("US" and "787" is Austin, Texas).
 */
function inAudience(audience: Audience) {
  const { countries, postalPrefixes } = audience
  // A fragment: nests in any query, a transaction's included.
  return db()`
    (cardinality(${countries}::text[]) = 0 or sig.country = any(${countries}::text[]))
    and (cardinality(${postalPrefixes}::text[]) = 0 or exists (
      select 1 from unnest(${postalPrefixes}::text[]) prefix
      where starts_with(upper(regexp_replace(sig.postal_code, '[[:space:]-]+', '', 'g')), prefix)))`
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

export class UnknownPetitionsError extends Error {
  constructor(readonly petitionIds: string[]) {
    super(`No such petition: ${petitionIds.join(', ')}`)
    this.name = 'UnknownPetitionsError'
  }
}

export class MessageStateError extends Error {
  constructor(readonly status: MessageStatus) {
    super(`The message is ${status}.`)
    this.name = 'MessageStateError'
  }
}

// ---------------------------------------------------------------------------
// Merge data

/** What a petition contributes to merge fields; the supporter is added per row. */
export interface PetitionMergeData {
  petitionId: string
  organizationId: string
  title: string
  slug: string
  signatureCount: number
  goal: number
  personName: string
  caseStatus: CaseStatus
  nextDate: Date | null
  timeZone: string
  officialName: string | null
  officialTitle: string | null
  organizationName: string
}

export async function getPetitionMergeData(petitionIds: string[]): Promise<PetitionMergeData[]> {
  if (petitionIds.length === 0) return []
  return db()<PetitionMergeData[]>`
    select p.id as petition_id, p.organization_id, p.title, p.slug, p.signature_count, p.goal,
      c.person_name, c.status as case_status, c.next_date, c.time_zone,
      o.name as official_name, o.title as official_title, org.name as organization_name
    from petitions p
    join cases c on c.id = p.case_id
    join organizations org on org.id = p.organization_id
    left join lateral (
      select f.name, f.title from petition_targets t join officials f on f.id = t.official_id
      where t.petition_id = p.id order by f.name, f.id limit 1
    ) o on true
    where p.id = any(${petitionIds}::uuid[])`
}

/** A recipient's merge fields: `supporter.name` and `supporter.first_name`. */
export function supporterMergeFields(fullName: string): MergeContext['supporter'] {
  const name = fullName.trim()
  return { name, first_name: name.split(/\s+/)[0] ?? name }
}

/**
 * The merge context for one recipient. A value the data lacks (no next
 * date, no decision maker) is left out, so strict rendering reports it
 * instead of printing a blank.
 */
export function buildMergeContext(
  data: PetitionMergeData,
  supporter: { name: string },
  { appUrl, now = new Date() }: { appUrl: string; now?: Date },
): MergeContext {
  return {
    supporter: supporterMergeFields(supporter.name),
    petition: {
      title: data.title,
      url: `${appUrl}/petitions/${data.slug}`,
      total_signatures: data.signatureCount,
      goal: data.goal,
    },
    case: {
      person_name: data.personName,
      status: CASE_STATUS_LABELS[data.caseStatus] ?? data.caseStatus,
      ...(data.nextDate
        ? {
            next_date: formatDate(data.nextDate, data.timeZone),
            days_left: daysLeft(data.nextDate, data.timeZone, now),
          }
        : {}),
    },
    ...(data.officialName
      ? { official: { name: data.officialName, title: data.officialTitle ?? '' } }
      : {}),
    organization: { name: data.organizationName },
  }
}

/**
 * Checks a template against the sample and each target petition's real
 * data; throws TemplateError.
 */
export async function checkMessageTemplate(
  template: { subject: string; body: string },
  petitionIds: string[],
  appUrl: string,
) {
  const data = await getPetitionMergeData(petitionIds)
  validateMessageTemplate(
    template,
    data.map((d) => buildMergeContext(d, { name: 'Alex Sample' }, { appUrl })),
  )
}

// ---------------------------------------------------------------------------
// Messages

function messageQuery(where: ReturnType<ReturnType<typeof db>>) {
  const sql = db()
  return sql<MessageRow[]>`
    select m.id, m.organization_id, m.subject, m.body, m.status, m.scheduled_at, m.created_by,
      m.created_at, m.updated_at, m.fanned_out_at, m.finished_at, m.cancelled_at,
      m.deadline_case_id, m.hours_before_deadline, m.outcome, m.cancel_reason,
      m.audience_countries, m.audience_postal_prefixes,
      coalesce((select array_agg(t.petition_id order by t.petition_id) from message_targets t
                where t.message_id = m.id), '{}') as petition_ids
    from messages m where ${where}`
}

/**
 * A draft message. Throws UnknownPetitionsError for petitions outside the
 * organization and TemplateError for a template that does not render.
 */
export async function createMessage(input: {
  organizationId: string
  createdBy: string | null
  subject: string
  body: string
  petitionIds: string[]
  audience?: Audience
  appUrl: string
}): Promise<MessageRow> {
  const petitionIds = await checkPetitions(input.organizationId, input.petitionIds)
  await checkMessageTemplate(input, petitionIds, input.appUrl)
  const audience = input.audience ?? EVERYONE
  const id = await db().begin(async (sql) => {
    const [row] = await sql<{ id: string }[]>`
      insert into messages (organization_id, subject, body, created_by, audience_countries,
        audience_postal_prefixes)
      values (${input.organizationId}, ${input.subject}, ${input.body}, ${input.createdBy},
        ${audience.countries}::text[], ${audience.postalPrefixes}::text[])
      returning id`
    await sql`
      insert into message_targets (message_id, petition_id)
      select ${row!.id}, unnest(${petitionIds}::uuid[])`
    return row!.id
  })
  return (await getMessageForOrganization({ organizationId: input.organizationId, messageId: id }))!
}

/** The petitions, deduplicated; throws UnknownPetitionsError for any not the organization's. */
async function checkPetitions(organizationId: string, ids: string[]): Promise<string[]> {
  const petitionIds = [...new Set(ids)]
  const valid = petitionIds.filter(isUuid)
  const found = valid.length
    ? await db()<{ id: string }[]>`
        select id from petitions
        where id = any(${valid}::uuid[]) and organization_id = ${organizationId}`
    : []
  const known = new Set(found.map((r) => r.id))
  const unknown = petitionIds.filter((id) => !known.has(id))
  if (unknown.length > 0) throw new UnknownPetitionsError(unknown)
  return petitionIds
}

/**
 * Changes a draft: its text, targets and regions. Null when the message is
 * not the organization's; MessageStateError once it is scheduled or sent
 * (cancel and write a new one); TemplateError and UnknownPetitionsError as
 * for createMessage.
 */
export async function updateDraftMessage(input: {
  organizationId: string
  messageId: string
  subject: string
  body: string
  petitionIds: string[]
  audience: Audience
  appUrl: string
}): Promise<MessageRow | null> {
  const { organizationId, messageId } = input
  const existing = await getMessageForOrganization({ organizationId, messageId })
  if (!existing) return null
  if (existing.status !== 'draft') throw new MessageStateError(existing.status)
  const petitionIds = await checkPetitions(organizationId, input.petitionIds)
  await checkMessageTemplate(input, petitionIds, input.appUrl)
  const updated = await db().begin(async (sql) => {
    const [row] = await sql<{ id: string }[]>`
      update messages
      set subject = ${input.subject}, body = ${input.body},
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

/** The petitions a message may go to: all of the organization's, newest first. */
export async function listMessagePetitionChoices({
  organizationId,
}: {
  organizationId: string
}): Promise<{ id: string; title: string; personName: string; signatureCount: number }[]> {
  return db()<{ id: string; title: string; personName: string; signatureCount: number }[]>`
    select p.id, p.title, c.person_name, p.signature_count
    from petitions p join cases c on c.id = p.case_id
    where p.organization_id = ${organizationId}
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

/**
 * How many people a message would reach if it fanned out now: the
 * audience as fanOutDueMessages counts it (each supporter once, minus the
 * unsubscribed and the suppressed). For drafts and scheduled messages.
 */
export async function countAudience({
  organizationId,
  petitionIds,
  audience,
}: {
  organizationId: string
  petitionIds: string[]
  audience: Audience
}): Promise<number> {
  const ids = petitionIds.filter(isUuid)
  if (ids.length === 0) return 0
  const sql = db()
  const [row] = await sql<{ n: number }[]>`
    select count(distinct sig.supporter_id)::int as n
    from signatures sig
    join petitions p on p.id = sig.petition_id
    join supporters sup on sup.id = sig.supporter_id
    where sig.petition_id = any(${ids}::uuid[]) and p.organization_id = ${organizationId}
      and sig.status = 'confirmed' and sig.subscribe
      and sup.organization_id = ${organizationId}
      and sup.unsubscribed_at is null
      and not exists (
        select 1 from suppressions x
        where x.organization_id = sup.organization_id
          and x.email_canonical = sup.email_canonical)
      and ${inAudience(audience)}`
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
 * deadline-mail.server.ts). The template is checked again against today's
 * data. Returns null when the message is not the organization's; throws
 * MessageStateError when it is past sending, TemplateError when it no
 * longer renders.
 */
export async function sendMessage({
  organizationId,
  messageId,
  scheduledAt,
  appUrl,
}: {
  organizationId: string
  messageId: string
  scheduledAt: Date | null
  appUrl: string
}): Promise<MessageRow | null> {
  const existing = await getMessageForOrganization({ organizationId, messageId })
  if (!existing) return null
  if (!canSendMessage(existing.status)) throw new MessageStateError(existing.status)
  await checkMessageTemplate(existing, existing.petitionIds, appUrl)
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

// ---------------------------------------------------------------------------
// The engine's side: fan-out, claims, results

/**
 * Turns every message whose time has come into delivery rows, each in one
 * transaction: a single INSERT … SELECT (the database does the work, so the
 * worker's memory does not grow with the audience), idempotent through the
 * unique (message, supporter) key. The audience: confirmed signatures with
 * `subscribe` of the target petitions, each supporter once (with the
 * petition they signed last), minus the unsubscribed and the suppressed.
 * A message limited to regions counts only signatures in them (see
 * inAudience), so "the petition they signed last" is the last one signed
 * from there. Returns the ids fanned out.
 */
export async function fanOutDueMessages(): Promise<string[]> {
  const done: string[] = []
  for (;;) {
    const id = await db().begin(async (sql) => {
      const [message] = await sql<
        {
          id: string
          organizationId: string
          audienceCountries: string[]
          audiencePostalPrefixes: string[]
        }[]
      >`
        select id, organization_id, audience_countries, audience_postal_prefixes from messages
        where fanned_out_at is null and status in ('scheduled', 'sending')
          and scheduled_at <= now()
        order by scheduled_at
        limit 1
        for update skip locked`
      if (!message) return null
      const inserted = await sql`
        insert into message_deliveries (message_id, supporter_id, petition_id, to_address)
        select distinct on (sig.supporter_id)
          ${message.id}::uuid, sig.supporter_id, sig.petition_id, sup.email
        from message_targets t
        join signatures sig on sig.petition_id = t.petition_id
        join supporters sup on sup.id = sig.supporter_id
        where t.message_id = ${message.id}
          and sig.status = 'confirmed' and sig.subscribe
          and sup.organization_id = ${message.organizationId}
          and ${inAudience({
            countries: message.audienceCountries,
            postalPrefixes: message.audiencePostalPrefixes,
          })}
          and sup.unsubscribed_at is null
          and not exists (
            select 1 from suppressions x
            where x.organization_id = sup.organization_id
              and x.email_canonical = sup.email_canonical)
        order by sig.supporter_id, sig.created_at desc
        on conflict (message_id, supporter_id) do nothing`
      await sql`
        update messages
        set status = 'sending', fanned_out_at = now(), total_targeted = ${inserted.count},
          updated_at = now()
        where id = ${message.id}`
      return { id: message.id, rows: inserted.count }
    })
    if (!id) break
    done.push(id.id)
    // A large audience changes the table's shape at once; until autovacuum
    // notices, the planner would join every due row before picking a batch
    // (700 ms a claim at 100,000 rows, against 11 ms with fresh statistics).
    if (id.rows >= ANALYZE_AFTER_ROWS) await db()`analyze message_deliveries`
  }
  return done
}

/** A fan-out this large refreshes the delivery table's statistics at once. */
const ANALYZE_AFTER_ROWS = 5_000

/** When the next scheduled message is due to fan out, if any. */
export async function nextFanOutAt(): Promise<Date | null> {
  const [row] = await db()<{ at: Date | null }[]>`
    select min(scheduled_at) as at from messages
    where fanned_out_at is null and status in ('scheduled', 'sending')`
  return row?.at ?? null
}

export interface ClaimedDelivery {
  id: string
  messageId: string
  organizationId: string
  supporterId: string
  petitionId: string
  toAddress: string
  supporterName: string
  unsubscribeToken: string
  status: DeliveryStatus
  attempts: number
  createdAt: Date
  /** When the claim runs out and the row is anyone's again. */
  leaseUntil: Date
}

/**
 * Claims up to `limit` due rows of sending messages. The claim is a lease
 * (next_attempt_at moved `leaseSeconds` ahead): a worker that dies leaves its
 * rows to the next claim after the lease. Rows whose supporter unsubscribed
 * or is suppressed by now are settled as skipped in the same statement.
 */
export async function claimDueDeliveries({
  limit,
  leaseSeconds,
}: {
  limit: number
  leaseSeconds: number
}): Promise<ClaimedDelivery[]> {
  return db()<ClaimedDelivery[]>`
    with due as (
      select d.id,
        case
          when sup.unsubscribed_at is not null then 'unsubscribed'
          when x.reason is not null then 'suppressed: ' || x.reason
        end as blocked
      from message_deliveries d
      join messages m on m.id = d.message_id
      join supporters sup on sup.id = d.supporter_id
      left join suppressions x
        on x.organization_id = m.organization_id and x.email_canonical = sup.email_canonical
      where d.status in ('queued', 'sending') and d.next_attempt_at <= now()
        and m.status = 'sending'
      order by d.next_attempt_at
      limit ${limit}
      for update of d skip locked
    )
    update message_deliveries d
    set status = case when due.blocked is null then 'sending' else 'skipped' end,
      last_error = coalesce(due.blocked, d.last_error),
      attempts = d.attempts + case when due.blocked is null then 1 else 0 end,
      next_attempt_at = now() + ${leaseSeconds} * interval '1 second'
    from due, messages m, supporters sup
    where d.id = due.id and m.id = d.message_id and sup.id = d.supporter_id
    returning d.id::text, d.message_id, m.organization_id, d.supporter_id, d.petition_id,
      d.to_address, sup.name as supporter_name, sup.unsubscribe_token, d.status, d.attempts,
      d.created_at, d.next_attempt_at as lease_until`
}

export interface MessageSendContext {
  id: string
  status: MessageStatus
  subject: string
  body: string
  organizationName: string
  replyTo: string | null
}

export async function getMessageSendContext(messageId: string): Promise<MessageSendContext | null> {
  const [row] = await db()<MessageSendContext[]>`
    select m.id, m.status, m.subject, m.body, o.name as organization_name, u.email as reply_to
    from messages m
    join organizations o on o.id = m.organization_id
    left join users u on u.id = m.created_by
    where m.id = ${messageId}`
  return row ?? null
}

/** Which of these messages are still sending (a cancelled one's claimed rows are dropped). */
export async function sendingMessageIds(messageIds: string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set()
  const rows = await db()<{ id: string }[]>`
    select id from messages where id = any(${messageIds}::uuid[]) and status = 'sending'`
  return new Set(rows.map((r) => r.id))
}

/**
 * Records SMTP successes, right after the server's 250s, in one statement
 * (the delivery job groups the answers of its concurrent sends): sent is
 * the truth even if the message was cancelled meanwhile.
 */
export async function markDeliveriesSent(
  sent: { id: string; smtpMessageId: string; sentAt: Date }[],
): Promise<void> {
  if (sent.length === 0) return
  await db()`
    update message_deliveries d
    set status = 'sent', sent_at = s.sent_at, smtp_message_id = s.smtp_message_id,
      last_error = null
    from unnest(${sent.map((s) => s.id)}::bigint[], ${sent.map((s) => s.smtpMessageId)}::text[],
      ${sent.map((s) => s.sentAt.toISOString())}::timestamptz[]) as s(id, smtp_message_id, sent_at)
    where d.id = s.id`
}

/**
 * Gives back a claimed row not sent before its lease ran short, so that it
 * is sent once, later, by whoever claims it; a row someone else has claimed
 * since (a different lease) is left alone.
 */
export async function releaseDelivery({
  id,
  leaseUntil,
}: {
  id: string
  leaseUntil: Date
}): Promise<void> {
  await db()`
    update message_deliveries set status = 'queued', next_attempt_at = now(),
      attempts = greatest(attempts - 1, 0)
    where id = ${id} and status = 'sending'
      and date_trunc('milliseconds', next_attempt_at) = ${leaseUntil}`
}

/** Leaves claimed rows for later (e.g. a worker shutting down). */
export async function releaseDeliveries(ids: string[]): Promise<void> {
  if (ids.length === 0) return
  await db()`
    update message_deliveries set status = 'queued', next_attempt_at = now(),
      attempts = greatest(attempts - 1, 0)
    where id = any(${ids}::bigint[]) and status = 'sending'`
}

/** Sending messages with no row left to settle become sent. */
export async function finishSentMessages(): Promise<void> {
  await db()`
    update messages m set status = 'sent', finished_at = now(), updated_at = now()
    where m.status = 'sending' and m.fanned_out_at is not null
      and not exists (
        select 1 from message_deliveries d
        where d.message_id = m.id and d.status in ('queued', 'sending'))`
}

/** When the next delivery row falls due (a retry, or a lease running out). */
export async function nextDeliveryDueAt(): Promise<Date | null> {
  const [row] = await db()<{ at: Date | null }[]>`
    select min(d.next_attempt_at) as at
    from message_deliveries d join messages m on m.id = d.message_id
    where d.status in ('queued', 'sending') and m.status = 'sending'`
  return row?.at ?? null
}

/**
 * A real person to preview a message as: the latest confirmed, subscribed
 * signer of the petitions in the audience's regions (null when there is
 * none yet).
 */
export async function getPreviewSupporter({
  organizationId,
  petitionIds,
  audience = EVERYONE,
}: {
  organizationId: string
  petitionIds: string[]
  audience?: Audience
}): Promise<{ name: string; petitionId: string } | null> {
  const ids = petitionIds.filter(isUuid)
  if (ids.length === 0) return null
  const sql = db()
  const [row] = await sql<{ name: string; petitionId: string }[]>`
    select sup.name, sig.petition_id
    from signatures sig
    join petitions p on p.id = sig.petition_id
    join supporters sup on sup.id = sig.supporter_id
    where sig.petition_id = any(${ids}::uuid[]) and p.organization_id = ${organizationId}
      and sig.status = 'confirmed' and sig.subscribe and sup.unsubscribed_at is null
      and ${inAudience(audience)}
    order by sig.created_at desc
    limit 1`
  return row ?? null
}

// ---------------------------------------------------------------------------
// Suppressions

/** Stops all of the organization's campaign mail to this address. Idempotent. */
export async function addSuppression({
  organizationId,
  email,
  reason,
  detail = null,
}: {
  organizationId: string
  email: string
  reason: SuppressionReason
  detail?: string | null
}): Promise<void> {
  await db()`
    insert into suppressions (organization_id, email_canonical, reason, detail)
    values (${organizationId}, ${canonicalEmail(email)}, ${reason}, ${detail})
    on conflict (organization_id, email_canonical) do nothing`
}

/**
 * Bounces and complaints reported by a mail relay: each suppresses the
 * address in the organization named, or in every organization that has
 * it as a supporter. Returns how many suppressions were new.
 */
export async function recordMailEvents(
  events: {
    type: 'bounce' | 'complaint'
    email: string
    organizationId?: string | null
    detail?: string | null
  }[],
): Promise<number> {
  let recorded = 0
  for (const event of events) {
    const canonical = canonicalEmail(event.email)
    const orgId = event.organizationId && isUuid(event.organizationId) ? event.organizationId : null
    const rows = await db()`
      insert into suppressions (organization_id, email_canonical, reason, detail)
      select o.id, ${canonical}, ${event.type}, ${event.detail?.slice(0, 500) ?? null}
      from organizations o
      where ${orgId ? db()`o.id = ${orgId}` : db()`exists (select 1 from supporters s where s.organization_id = o.id and s.email_canonical = ${canonical})`}
      on conflict (organization_id, email_canonical) do nothing`
    recorded += rows.count
  }
  return recorded
}
