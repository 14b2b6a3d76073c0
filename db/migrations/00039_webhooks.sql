-- Webhooks (decision 031): an organization's subscriptions, the events that
-- happened, and one delivery row per event and subscription, claimed by the
-- one delivery queue (app/models/delivery-queue.server.ts) like every mail.
-- The state lists are app/domain/states.ts's (tests/states.test.ts).

create table webhooks (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  url text not null,
  events text[] not null
    constraint webhooks_events_check check ((events <@ array[
      'signature.confirmed', 'case.updated', 'message.sent', 'outreach.delivered']::text[])
      and cardinality(events) > 0),
  -- The signing secret (whsec_…): shown once at creation, kept to sign each
  -- delivery (a hash could not sign).
  secret text not null,
  status text not null default 'active'
    constraint webhooks_status_check check (status in ('active', 'paused')),
  -- Since when every attempt to this URL has failed (null: it answers).
  failing_since timestamptz,
  paused_at timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhooks_organization_idx on webhooks (organization_id);

create table webhook_events (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  type text not null
    constraint webhook_events_type_check check (type in (
      'signature.confirmed', 'case.updated', 'message.sent', 'outreach.delivered',
      'webhook.test')),
  -- Events that happen once per thing (a signature confirmed) name it here,
  -- so that doing it again announces nothing twice.
  dedupe_key text unique,
  data jsonb not null,
  created_at timestamptz not null default now()
);
create index webhook_events_organization_idx on webhook_events (organization_id, created_at);

create table webhook_deliveries (
  id bigint generated always as identity primary key,
  event_id uuid not null references webhook_events (id) on delete cascade,
  webhook_id uuid not null references webhooks (id) on delete cascade,
  status text not null default 'queued'
    constraint webhook_deliveries_status_check check (status in (
      'queued', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  -- The retry window's start: when it was written, or when its webhook was resumed.
  queued_at timestamptz not null default now(),
  last_error text,
  -- The HTTP status of the last answer ("200", "503"); null when none came.
  response_status text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  unique (event_id, webhook_id)
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at)
  where status in ('queued', 'sending');
create index webhook_deliveries_log_idx on webhook_deliveries (webhook_id, created_at desc);
