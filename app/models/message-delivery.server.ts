import { db } from '~/utils/db.server'
import type { MessageStatus } from '~/domain/states'
import { consented, inAudience } from './audience.server'
import type { DeliveryKind } from './delivery-queue.server'
import { emitWebhookEvents } from './webhook-event.server'
import { countedSignature } from './rules.server'

/**
 * The campaign's side of message_deliveries: the fan-out that turns a
 * message into one row per recipient, the campaign kind of the delivery
 * queue (delivery-queue.server.ts claims and records the rows), what the
 * sender reads, and the settling of finished messages.
 * See docs/decisions/020-delivery-engine.md.
 */

/**
 * Turns every message whose time has come into delivery rows, each in one
 * transaction: a single INSERT … SELECT (the database does the work, so the
 * worker's memory does not grow with the audience), idempotent through the
 * unique (message, supporter) key. The audience: confirmed signatures of
 * the target petitions whose signer let the message's organization mail
 * them (`consented`: `subscribe`, or a partner's consent; decision 043), each supporter once (with the
 * petition they signed last), minus the unsubscribed and the suppressed.
 * A message limited to regions counts only signatures in them (see
 * inAudience), so "the petition they signed last" is the last one signed
 * from there. Returns the ids fanned out.
 *
 * The message row is locked while its rows are written (a lock, not a
 * claim of delivery rows): a second fan-out waits for the first, then finds
 * the message done (`fanned_out_at` set) and moves on to the next one.
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
        for update`
      if (!message) return null
      const inserted = await sql`
        insert into message_deliveries (message_id, supporter_id, petition_id, to_address)
        select distinct on (sup.id)
          ${message.id}::uuid, sup.id, sig.petition_id, sup.email
        from message_targets t
        join ${consented(message.organizationId)} sig on sig.petition_id = t.petition_id
        join supporters sup on sup.id = sig.consent_supporter_id
        where t.message_id = ${message.id}
          and ${countedSignature('sig')}
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
        order by sup.id, sig.created_at desc
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

/** What the campaign sender reads of each claimed row. */
export interface CampaignDelivery {
  messageId: string
  organizationId: string
  supporterId: string
  petitionId: string
  toAddress: string
  supporterName: string
  unsubscribeToken: string
  /** The language of their latest signature: the version of the message they get. */
  language: string
}

/**
 * Campaign rows in the delivery queue: only rows of sending messages are
 * claimed (a cancelled message's rows wait for nothing), and a row whose
 * supporter has unsubscribed or is suppressed by now is settled as skipped
 * in the claim, with the reason.
 */
export const CAMPAIGN_DELIVERIES: DeliveryKind<CampaignDelivery> = {
  table: 'message_deliveries',
  idType: 'bigint',
  messageIdColumn: 'smtp_message_id',
  // At most a minute: a dead worker's rows are someone else's within it.
  leaseSeconds: 60,
  joins: `join messages m on m.id = d.message_id join supporters sup on sup.id = d.supporter_id`,
  claimable: `m.status = 'sending'`,
  skipReason: `case
    when sup.unsubscribed_at is not null then 'unsubscribed'
    else (select 'suppressed: ' || x.reason from suppressions x
      where x.organization_id = m.organization_id and x.email_canonical = sup.email_canonical)
    end`,
  queuedAt: `d.created_at`,
  columns: `d.message_id, m.organization_id, d.supporter_id, d.petition_id, d.to_address,
    sup.name as supporter_name, sup.unsubscribe_token, sup.language`,
}

export interface MessageSendContext {
  id: string
  status: MessageStatus
  subject: string
  body: string
  /** The Spanish version, where the organizer wrote one (decision 040). */
  subjectEs: string | null
  bodyEs: string | null
  organizationName: string
  replyTo: string | null
}

export async function getMessageSendContext(messageId: string): Promise<MessageSendContext | null> {
  const [row] = await db()<MessageSendContext[]>`
    select m.id, m.status, m.subject, m.body, m.subject_es, m.body_es,
      o.name as organization_name, u.email as reply_to
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
 * Sending messages with no row left to settle become sent, and are
 * announced to their organization's webhooks (message.sent) in the same
 * transaction. Returns how many webhook deliveries that wrote.
 */
export async function finishSentMessages(): Promise<number> {
  return db().begin(async (sql) => {
    const finished = await sql<{ id: string }[]>`
      update messages m set status = 'sent', finished_at = now(), updated_at = now()
      where m.status = 'sending' and m.fanned_out_at is not null
        and not exists (
          select 1 from message_deliveries d
          where d.message_id = m.id and d.status in ('queued', 'sending'))
      returning m.id`
    return emitWebhookEvents(
      sql,
      'message.sent',
      finished.map((m) => m.id),
    )
  })
}
