import { db } from '~/utils/db.server'
import type { DeliveryStatus, MessageStatus } from '~/domain/states'
import { inAudience } from './audience.server'

/**
 * The campaign engine's side of message_deliveries: the fan-out that turns
 * a message into one row per recipient, and the claims, records and
 * releases of the delivery job. See docs/decisions/020-delivery-engine.md.
 */

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
