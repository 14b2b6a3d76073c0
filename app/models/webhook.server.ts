import { DomainError } from '~/domain/errors'
import type {
  WebhookDeliveryStatus,
  WebhookEventType,
  WebhookMessageType,
  WebhookStatus,
} from '~/domain/states'
import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import type { DeliveryKind } from './delivery-queue.server'
import { enqueueEmail } from './outbound-email.server'

/**
 * An organization's webhooks: the subscriptions, their delivery rows as a
 * kind of the one delivery queue, the delivery log, and the rule that a
 * URL failing for 24 hours is paused (and its organization's admins told).
 * Events are written by webhook-event.server.ts. See docs/decisions/031-webhooks.md.
 */

/** How long a URL may fail every attempt before its webhook is paused. */
export const WEBHOOK_PAUSE_AFTER_HOURS = 24
/** Webhooks one organization may have. */
export const MAX_WEBHOOKS = 20

export interface Webhook {
  id: string
  organizationId: string
  url: string
  events: WebhookEventType[]
  status: WebhookStatus
  failingSince: Date | null
  pausedAt: Date | null
  createdAt: Date
  updatedAt: Date
  /** Deliveries not yet settled (waiting for a retry, or for a resume). */
  pending: number
}

const COLUMNS = `w.id, w.organization_id, w.url, w.events, w.status, w.failing_since, w.paused_at,
  w.created_at, w.updated_at,
  (select count(*)::int from webhook_deliveries d
   where d.webhook_id = w.id and d.status in ('queued', 'sending')) as pending`

export class TooManyWebhooksError extends DomainError {
  constructor() {
    super('conflict', `An organization may have at most ${MAX_WEBHOOKS} webhooks.`, {
      url: [`At most ${MAX_WEBHOOKS} webhooks: delete one first.`],
    })
  }
}

export async function createWebhook(input: {
  organizationId: string
  url: string
  events: WebhookEventType[]
  secret: string
  createdBy: string | null
}): Promise<Webhook> {
  return db().begin(async (sql) => {
    // One at a time per organization, so the limit holds under concurrent creates.
    await sql`select id from organizations where id = ${input.organizationId} for update`
    const [count] = await sql<{ n: number }[]>`
      select count(*)::int as n from webhooks where organization_id = ${input.organizationId}`
    if (count!.n >= MAX_WEBHOOKS) throw new TooManyWebhooksError()
    const [row] = await sql<{ id: string }[]>`
      insert into webhooks (organization_id, url, events, secret, created_by)
      values (${input.organizationId}, ${input.url}, ${input.events}, ${input.secret},
        ${input.createdBy})
      returning id`
    return (await webhookQuery(sql, { organizationId: input.organizationId, id: row!.id }))!
  })
}

async function webhookQuery(
  sql: Sql | TransactionSql,
  { organizationId, id }: { organizationId: string; id: string },
): Promise<Webhook | null> {
  if (!isUuid(id)) return null
  const [row] = await sql<Webhook[]>`
    select ${sql.unsafe(COLUMNS)} from webhooks w
    where w.id = ${id} and w.organization_id = ${organizationId}`
  return row ?? null
}

export function getWebhookForOrganization(input: {
  organizationId: string
  webhookId: string
}): Promise<Webhook | null> {
  return webhookQuery(db(), { organizationId: input.organizationId, id: input.webhookId })
}

export async function listWebhooks({
  organizationId,
  limit = 100,
  offset = 0,
}: {
  organizationId: string
  limit?: number
  offset?: number
}): Promise<Webhook[]> {
  const sql = db()
  return sql<Webhook[]>`
    select ${sql.unsafe(COLUMNS)} from webhooks w
    where w.organization_id = ${organizationId}
    order by w.created_at, w.id
    limit ${limit} offset ${offset}`
}

export async function countWebhooks({ organizationId }: { organizationId: string }) {
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from webhooks where organization_id = ${organizationId}`
  return row!.n
}

/** Deletes a webhook and its log; false when it is not the organization's. */
export async function deleteWebhook({
  organizationId,
  webhookId,
}: {
  organizationId: string
  webhookId: string
}): Promise<boolean> {
  if (!isUuid(webhookId)) return false
  const rows = await db()`
    delete from webhooks where id = ${webhookId} and organization_id = ${organizationId}
    returning id`
  return rows.length > 0
}

/**
 * Resumes a paused webhook: what waited (and what failed while its URL was
 * failing) is due now, with a new 24-hour retry window. Null when it is not
 * the organization's.
 */
export async function resumeWebhook({
  organizationId,
  webhookId,
}: {
  organizationId: string
  webhookId: string
}): Promise<Webhook | null> {
  if (!isUuid(webhookId)) return null
  return db().begin(async (sql) => {
    const [hook] = await sql<{ id: string; failingSince: Date | null }[]>`
      select id, failing_since from webhooks
      where id = ${webhookId} and organization_id = ${organizationId}
      for update`
    if (!hook) return null
    await sql`
      update webhook_deliveries
      set status = 'queued', next_attempt_at = now(), queued_at = now(), attempts = 0
      where webhook_id = ${webhookId}
        and (status = 'queued'
          or (status = 'failed' and ${hook.failingSince}::timestamptz is not null
            and created_at >= ${hook.failingSince}::timestamptz - interval '1 day'))`
    await sql`
      update webhooks set status = 'active', failing_since = null, paused_at = null,
        updated_at = now()
      where id = ${webhookId}`
    return webhookQuery(sql, { organizationId, id: webhookId })
  })
}

export interface WebhookDeliveryLogEntry {
  id: string
  eventId: string
  type: WebhookMessageType
  status: WebhookDeliveryStatus
  attempts: number
  responseStatus: string | null
  lastError: string | null
  createdAt: Date
  sentAt: Date | null
  nextAttemptAt: Date
}

/** The webhook's deliveries, newest first: what was sent, what the receiver answered. */
export async function listWebhookDeliveries({
  organizationId,
  webhookId,
  limit = 50,
  offset = 0,
}: {
  organizationId: string
  webhookId: string
  limit?: number
  offset?: number
}): Promise<WebhookDeliveryLogEntry[]> {
  if (!isUuid(webhookId)) return []
  return db()<WebhookDeliveryLogEntry[]>`
    select d.id::text, d.event_id, e.type, d.status, d.attempts, d.response_status, d.last_error,
      d.created_at, d.sent_at, d.next_attempt_at
    from webhook_deliveries d
    join webhooks w on w.id = d.webhook_id
    join webhook_events e on e.id = d.event_id
    where d.webhook_id = ${webhookId} and w.organization_id = ${organizationId}
    order by d.created_at desc, d.id desc
    limit ${limit} offset ${offset}`
}

export async function countWebhookDeliveries(webhookId: string): Promise<number> {
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from webhook_deliveries where webhook_id = ${webhookId}`
  return row!.n
}

/** What the webhook sender reads of each claimed delivery. */
export interface WebhookMessage {
  webhookId: string
  url: string
  secret: string
  eventId: string
  type: WebhookMessageType
  /** The event's data as JSON text (read as text: the pool would camelCase its keys). */
  dataJson: string
  eventAt: Date
}

/**
 * Webhook messages in the delivery queue: only those of active webhooks
 * are claimed (a paused one's wait for its resume). The retry window
 * counts from `queued_at`, which a resume moves.
 */
export const WEBHOOK_DELIVERIES: DeliveryKind<WebhookMessage> = {
  table: 'webhook_deliveries',
  idType: 'bigint',
  messageIdColumn: 'response_status',
  // Over four times a delivery's worst case (15 s, webhook-transport.server.ts).
  leaseSeconds: 60,
  joins: `join webhooks w on w.id = d.webhook_id join webhook_events e on e.id = d.event_id`,
  claimable: `w.status = 'active'`,
  queuedAt: `d.queued_at`,
  columns: `d.webhook_id, w.url, w.secret, e.id as event_id, e.type, e.data::text as data_json,
    e.created_at as event_at`,
}

/** Records what the receiver answered (an HTTP status) on a delivery that failed. */
export async function recordWebhookResponse(deliveryId: string, status: number | null) {
  await db()`
    update webhook_deliveries set response_status = ${status === null ? null : String(status)}
    where id = ${deliveryId}`
}

/**
 * A failed attempt at a webhook's URL: its failing spell starts now unless
 * one is under way (no delivery sent since it began); a spell of 24 hours
 * pauses the webhook, and its organization's admins get a mail, in the
 * same transaction. True when this call paused it.
 */
export async function noteWebhookFailure(webhookId: string): Promise<boolean> {
  return db().begin(async (sql) => {
    const [hook] = await sql<{ organizationId: string; paused: boolean; url: string }[]>`
      update webhooks w set
        failing_since = case
          when w.failing_since is null or exists (
            select 1 from webhook_deliveries d
            where d.webhook_id = w.id and d.status = 'sent' and d.sent_at >= w.failing_since)
          then now() else w.failing_since end,
        updated_at = now()
      where w.id = ${webhookId} and w.status = 'active'
      returning w.organization_id, w.url,
        w.failing_since <= now() - ${WEBHOOK_PAUSE_AFTER_HOURS} * interval '1 hour' as paused`
    if (!hook?.paused) return false
    await sql`
      update webhooks set status = 'paused', paused_at = now() where id = ${webhookId}`
    const admins = await sql<{ email: string }[]>`
      select u.email from memberships m join users u on u.id = m.user_id
      where m.organization_id = ${hook.organizationId} and m.role = 'admin'`
    for (const admin of admins)
      await enqueueEmail(
        {
          organizationId: hook.organizationId,
          template: 'account.webhook-paused',
          to: admin.email,
          props: { webhookId },
        },
        sql,
      )
    return true
  })
}

/** How long settled webhook messages stay in the log. */
export const WEBHOOK_LOG_DAYS = 30

/**
 * Forgets events older than the log keeps whose deliveries are all settled
 * (their delivery rows go with them), a bounded batch at a time. Returns
 * how many events it removed.
 */
export async function pruneWebhookLog({ limit = 5_000 } = {}): Promise<number> {
  const rows = await db()`
    delete from webhook_events e
    where e.id in (
      select id from webhook_events x
      where x.created_at < now() - ${WEBHOOK_LOG_DAYS} * interval '1 day'
        and not exists (select 1 from webhook_deliveries d
          where d.event_id = x.id and d.status in ('queued', 'sending'))
      limit ${limit})
    returning e.id`
  return rows.length
}

/** What the paused-webhook mail says, read when it is sent. */
export async function getWebhookMailContext(webhookId: string) {
  const [row] = await db()<
    {
      url: string
      organizationName: string
      status: WebhookStatus
      failingSince: Date | null
      lastError: string | null
      pending: number
    }[]
  >`
    select w.url, o.name as organization_name, w.status, w.failing_since,
      (select d.last_error from webhook_deliveries d where d.webhook_id = w.id
       and d.last_error is not null order by d.next_attempt_at desc limit 1) as last_error,
      (select count(*)::int from webhook_deliveries d
       where d.webhook_id = w.id and d.status in ('queued', 'sending')) as pending
    from webhooks w join organizations o on o.id = w.organization_id
    where w.id = ${isUuid(webhookId) ? webhookId : null}`
  return row ?? null
}
