-- The watch list (issue 13): an organization's time zone (its daily mail
-- goes out at 8 am there), each organizer's choice to get that mail, the
-- secret calendar feeds, and the record that makes the daily sweep send
-- once per organization and day.

alter table organizations
  add column time_zone text not null default 'America/New_York';

alter table users
  add column watch_digest boolean not null default true;

-- A private iCalendar feed: the URL's secret is shown once, when it is made,
-- and kept only as its SHA-256 hash (as API tokens are); a lost URL is
-- replaced by a new one. Revoking keeps the row for the record.
create table calendar_feeds (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  token_hash bytea not null constraint calendar_feeds_token_hash_unique unique,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index calendar_feeds_organization_idx on calendar_feeds (organization_id, created_at desc);
-- At most one live feed per organization: a new one replaces it.
create unique index calendar_feeds_live_unique on calendar_feeds (organization_id)
  where revoked_at is null;

-- The daily watch-list mail: one row per organization and local day, taken
-- by the sweep that queues the mail, so a second sweep sends nothing.
create table watch_digest_runs (
  organization_id uuid not null references organizations (id) on delete cascade,
  day date not null,
  recipients integer not null,
  created_at timestamptz not null default now(),
  primary key (organization_id, day)
);
