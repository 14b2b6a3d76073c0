import type { Sql, TransactionSql } from '~/utils/db.server'
import type { WebhookEventType } from '~/domain/states'

/**
 * Webhook events, written in the transaction of the change they announce
 * (a signature confirmed, a case changed, a message sent, an outreach copy
 * delivered): one event row, and one delivery row for each of the
 * organization's webhooks that subscribe to it (the delivery queue sends
 * them; see webhook.server.ts). An organization with no such webhook
 * stores nothing. Each event's `data` is built here, in SQL, from the
 * rows as they are in that transaction; the shapes follow the API's
 * resources (docs/api.md, "Webhooks"). See docs/decisions/031-webhooks.md.
 */

type Query = Sql | TransactionSql

/** A time as the API writes it: ISO 8601 in UTC with milliseconds. */
const iso = (expression: string) =>
  `to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * For each event type: the subjects (by id) as `organization_id`,
 * `dedupe_key` (null where the same thing may be announced again) and
 * `data`. The fragments are constants; only the ids are bound.
 */
const SUBJECTS: Record<WebhookEventType, (sql: Query, ids: string[]) => ReturnType<Sql>> = {
  // Once per signature, whether its signer's click or a moderator's release made it count.
  'signature.confirmed': (sql, ids) => sql`
    select p.organization_id, 'signature.confirmed:' || s.id as dedupe_key,
      jsonb_build_object(
        'id', s.id, 'identifiers', jsonb_build_array('vigil:' || s.id),
        'petition_id', s.petition_id, 'status', s.status,
        'created_date', ${sql.unsafe(iso('s.created_at'))},
        'confirmed_date', ${sql.unsafe(iso('s.confirmed_at'))},
        'comments', s.comment, 'subscribe', s.subscribe, 'public', s.public, 'name', s.name,
        -- Split as the API splits a name: the first word, and the rest.
        'person', jsonb_build_object(
          'given_name', split_part(n.name, ' ', 1),
          'family_name', nullif(substr(n.name, length(split_part(n.name, ' ', 1)) + 2), ''),
          'email_addresses', jsonb_build_array(jsonb_build_object('address', s.email, 'primary', true)),
          'postal_addresses', jsonb_build_array(jsonb_build_object(
            'postal_code', s.postal_code, 'locality', s.locality, 'country', s.country)))
      ) as data
    from signatures s join petitions p on p.id = s.petition_id,
      lateral (select regexp_replace(trim(s.name), '\\s+', ' ', 'g') as name) n
    where s.id = any(${ids}::uuid[]) and s.status = 'confirmed'`,
  'case.updated': (sql, ids) => sql`
    select c.organization_id, null as dedupe_key,
      jsonb_build_object(
        'id', c.id, 'identifiers', jsonb_build_array('vigil:' || c.id), 'slug', c.slug,
        'person_name', c.person_name, 'case_number', c.case_number,
        'jurisdiction', c.jurisdiction, 'court', c.court, 'status', c.status,
        'next_date', ${sql.unsafe(iso('c.next_date'))}, 'next_date_kind', c.next_date_kind,
        'time_zone', c.time_zone, 'sources', c.sources,
        'modified_date', ${sql.unsafe(iso('c.updated_at'))},
        -- What this change put on the timeline: the entries written in this
        -- transaction (now() is its start, every one's created_at).
        'new_events', (
          select coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'kind', e.kind,
            'occurred_at', ${sql.unsafe(iso('e.occurred_at'))}, 'note', e.note,
            'source_url', e.source_url, 'from_status', e.from_status, 'to_status', e.to_status,
            'from_date', ${sql.unsafe(iso('e.from_date'))}, 'to_date', ${sql.unsafe(iso('e.to_date'))})
            order by e.occurred_at), '[]')
          from case_events e where e.case_id = c.id and e.created_at = now())
      ) as data
    from cases c where c.id = any(${ids}::uuid[])`,
  'message.sent': (sql, ids) => sql`
    select m.organization_id, 'message.sent:' || m.id as dedupe_key,
      jsonb_build_object(
        'id', m.id, 'identifiers', jsonb_build_array('vigil:' || m.id), 'subject', m.subject,
        'status', m.status, 'finished_at', ${sql.unsafe(iso('m.finished_at'))},
        'targets', (select coalesce(jsonb_agg(jsonb_build_object('petition_id', t.petition_id)), '[]')
          from message_targets t where t.message_id = m.id),
        'statistics', (
          select jsonb_build_object('total_targeted', count(*),
            'sent', count(*) filter (where d.status = 'sent'),
            'failed', count(*) filter (where d.status = 'failed'))
          from message_deliveries d where d.message_id = m.id)
      ) as data
    from messages m where m.id = any(${ids}::uuid[]) and m.status = 'sent'`,
  // Per official: the copy the SMTP server took (ids are outreach_deliveries').
  'outreach.delivered': (sql, ids) => sql`
    select o.organization_id, 'outreach.delivered:' || d.id as dedupe_key,
      jsonb_build_object(
        'outreach_id', o.id, 'identifiers', jsonb_build_array('vigil:' || o.id),
        'petition_id', o.petition_id, 'subject', o.subject,
        'official_id', d.official_id, 'name', f.name, 'status', 'sent',
        'sent_at', ${sql.unsafe(iso('d.sent_at'))}
      ) as data
    from outreach_deliveries d
    join outreaches o on o.id = d.outreach_id
    join officials f on f.id = d.official_id
    where d.id = any(${ids}::bigint[]) and d.status = 'sent'`,
}

/**
 * Writes the events of `type` for these subjects and a delivery row for
 * each subscribing webhook (active or paused: a paused one gets them when
 * it is resumed). Returns how many deliveries were written: wake the
 * webhook queue after the commit when there are any.
 */
export async function emitWebhookEvents(
  sql: Query,
  type: WebhookEventType,
  ids: string[],
): Promise<number> {
  if (ids.length === 0) return 0
  const [row] = await sql<{ n: number }[]>`
    with subject as (${SUBJECTS[type](sql, ids)}),
    event as (
      insert into webhook_events (organization_id, type, dedupe_key, data)
      select s.organization_id, ${type}, s.dedupe_key, s.data from subject s
      where exists (select 1 from webhooks w
        where w.organization_id = s.organization_id and ${type} = any(w.events))
      on conflict (dedupe_key) do nothing
      returning id, organization_id
    ), delivery as (
      insert into webhook_deliveries (event_id, webhook_id)
      select e.id, w.id from event e
      join webhooks w on w.organization_id = e.organization_id and ${type} = any(w.events)
      returning 1
    )
    select count(*)::int as n from delivery`
  return row!.n
}

/** A test message to one webhook, whatever it subscribes to. False when it is not the organization's. */
export async function emitTestEvent(
  sql: Query,
  { organizationId, webhookId }: { organizationId: string; webhookId: string },
): Promise<boolean> {
  const rows = await sql`
    with hook as (
      select id, organization_id, url from webhooks
      where id = ${webhookId} and organization_id = ${organizationId}
    ), event as (
      insert into webhook_events (organization_id, type, data)
      select organization_id, 'webhook.test',
        jsonb_build_object('webhook_id', id, 'url', url,
          'message', 'A test delivery from Vigil, asked for in the dashboard.')
      from hook
      returning id
    )
    insert into webhook_deliveries (event_id, webhook_id)
    select event.id, hook.id from event, hook
    returning 1`
  return rows.length > 0
}
