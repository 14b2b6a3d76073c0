-- Call campaigns (issue 13): an office's hours and time zone, the
-- organizer's call scripts, and the calls callers log.

-- OpenStreetMap opening_hours syntax (checked by the service before it is
-- saved) and an IANA zone; null: not known, and the call page says so.
alter table officials
  add column office_hours text,
  add column time_zone text;

-- One script per decision maker's role on a case, and a default (role null)
-- for every target whose role has none of its own.
create table call_scripts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  case_id uuid not null references cases (id) on delete cascade,
  role text
    constraint call_scripts_role_check check (role in (
      'governor', 'president', 'parole_board_member', 'pardon_attorney', 'prosecutor', 'judge',
      'other')),
  body text not null,
  updated_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint call_scripts_role_unique unique nulls not distinct (case_id, role)
);

-- A call as the caller reported it. Over the per-address limit (or from a
-- blocked address) a call is held: kept, answered like any other, not counted.
create table calls (
  id bigint generated always as identity primary key,
  petition_id uuid not null references petitions (id) on delete cascade,
  official_id uuid not null references officials (id) on delete cascade,
  outcome text not null
    constraint calls_outcome_check check (outcome in (
      'talked', 'voicemail', 'no_answer', 'busy', 'refused')),
  email text,
  ip inet,
  held boolean not null default false,
  created_at timestamptz not null default now()
);
-- The counts (total_calls, the dashboard's tables) and the per-address limit.
create index calls_petition_idx on calls (petition_id, created_at) where not held;
create index calls_ip_idx on calls (petition_id, ip, created_at) where not held;
create index calls_official_idx on calls (official_id);
