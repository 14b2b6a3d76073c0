-- Campaigns to signers: a message, the petitions whose signers it goes to,
-- one delivery record per recipient (the engine's own work list, claimed in
-- batches), and the organization-wide suppression list every send honours.
-- See docs/decisions/020-delivery-engine.md.

create table messages (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  subject text not null,
  body text not null,
  status text not null default 'draft'
    constraint messages_status_check check (status in (
      'draft', 'scheduled', 'sending', 'sent', 'cancelled')),
  scheduled_at timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- When the audience was turned into delivery rows (once).
  fanned_out_at timestamptz,
  total_targeted integer,
  finished_at timestamptz,
  cancelled_at timestamptz
);
create index messages_organization_idx on messages (organization_id, created_at desc);
-- The fan-out sweep: messages whose time has come and whose rows are not made yet.
create index messages_due_idx on messages (scheduled_at)
  where fanned_out_at is null and status in ('scheduled', 'sending');

create table message_targets (
  message_id uuid not null references messages (id) on delete cascade,
  petition_id uuid not null references petitions (id) on delete cascade,
  primary key (message_id, petition_id)
);

create table message_deliveries (
  id bigint generated always as identity primary key,
  message_id uuid not null references messages (id) on delete cascade,
  supporter_id uuid not null references supporters (id) on delete cascade,
  -- The petition of the targets that this supporter signed last (merge fields).
  petition_id uuid not null references petitions (id) on delete cascade,
  to_address text not null,
  status text not null default 'queued'
    constraint message_deliveries_status_check check (status in (
      'queued', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  smtp_message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (message_id, supporter_id)
);
-- The claim: due rows in time order.
create index message_deliveries_due_idx on message_deliveries (next_attempt_at)
  where status in ('queued', 'sending');
-- Statistics and "is this message done?".
create index message_deliveries_message_status_idx on message_deliveries (message_id, status);

create table suppressions (
  organization_id uuid not null references organizations (id) on delete cascade,
  email_canonical text not null,
  reason text not null
    constraint suppressions_reason_check check (reason in (
      'unsubscribe', 'bounce', 'complaint', 'manual')),
  detail text,
  created_at timestamptz not null default now(),
  primary key (organization_id, email_canonical)
);
