-- Outreach to officials: an organizer's letter that delivers a petition
-- (with its count at send time, optionally a CSV of the signers) to the
-- officials who decide, and one delivery record per official, claimed by
-- the outreach delivery job like the campaign rows (FOR UPDATE SKIP LOCKED
-- and a lease). See docs/decisions/022-outreach.md.

create table outreaches (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  petition_id uuid not null references petitions (id) on delete cascade,
  subject text not null,
  body text not null,
  attach_signers_csv boolean not null default false,
  status text not null default 'sending'
    constraint outreaches_status_check check (status in (
      'scheduled', 'sending', 'sent', 'cancelled')),
  scheduled_at timestamptz not null default now(),
  -- The organizer who wrote it: the Reply-To of every copy.
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  cancelled_at timestamptz
);
create index outreaches_organization_idx on outreaches (organization_id, created_at desc);
create index outreaches_petition_idx on outreaches (petition_id);

create table outreach_deliveries (
  id bigint generated always as identity primary key,
  outreach_id uuid not null references outreaches (id) on delete cascade,
  official_id uuid not null references officials (id) on delete cascade,
  -- The address as it was when the outreach was written.
  to_address text not null,
  status text not null default 'queued'
    constraint outreach_deliveries_status_check check (status in (
      'queued', 'sending', 'sent', 'failed', 'cancelled')),
  attempts integer not null default 0,
  -- scheduled_at for a new row: a scheduled outreach's rows fall due with it.
  next_attempt_at timestamptz not null default now(),
  last_error text,
  smtp_message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (outreach_id, official_id)
);
create index outreach_deliveries_due_idx on outreach_deliveries (next_attempt_at)
  where status in ('queued', 'sending');
