-- Vigil's foundation: organizations and people who run them, cases with
-- their timeline and decision makers, petitions and their signatures, and
-- the mail that goes out about them. Written for PostgreSQL 15 and later.

create table organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  slug text not null unique,
  created_at timestamptz not null default now(),
  constraint organizations_name_unique unique (name)
);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  email_canonical text not null unique,
  name text,
  password_hash text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table memberships (
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null default 'organizer'
    constraint memberships_role_check check (role in ('admin', 'organizer')),
  created_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);

create table cases (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  slug text not null unique,
  person_name text not null,
  case_number text,
  jurisdiction text not null,
  court text,
  status text not null default 'pending'
    constraint cases_status_check check (status in (
      'pending', 'scheduled', 'stayed', 'rescheduled', 'reprieved',
      'commuted', 'pardoned', 'exonerated', 'executed', 'closed')),
  next_date timestamptz,
  next_date_kind text
    constraint cases_next_date_kind_check check (next_date_kind in (
      'execution', 'clemency_hearing', 'hearing', 'filing_deadline', 'other')),
  time_zone text not null default 'America/New_York',
  summary text not null default '',
  sources text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cases_organization_idx on cases (organization_id, next_date);

-- The timeline: status and date changes (recorded by the model) and events.
create table case_events (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id) on delete cascade,
  kind text not null,
  occurred_at timestamptz not null default now(),
  note text,
  source_url text,
  from_status text,
  to_status text,
  from_date timestamptz,
  to_date timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index case_events_case_idx on case_events (case_id, occurred_at desc);

create table officials (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null,
  title text,
  office text,
  jurisdiction text,
  email text,
  phone text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index officials_email_unique on officials (organization_id, lower(email))
  where email is not null;

-- The officials who decide a case, with their role.
create table case_officials (
  case_id uuid not null references cases (id) on delete cascade,
  official_id uuid not null references officials (id) on delete cascade,
  role text not null default 'other'
    constraint case_officials_role_check check (role in (
      'governor', 'president', 'parole_board_member', 'prosecutor', 'judge', 'other')),
  primary key (case_id, official_id)
);

create table petitions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  case_id uuid not null references cases (id) on delete cascade,
  slug text not null unique,
  title text not null,
  body text not null default '',
  goal integer not null default 1000 check (goal > 0),
  status text not null default 'draft'
    constraint petitions_status_check check (status in ('draft', 'open', 'closed', 'won', 'lost')),
  letter_default text,
  -- Kept by the count job from petition_count_deltas; see docs/decisions/003.
  signature_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  opened_at timestamptz,
  closed_at timestamptz
);
create index petitions_open_idx on petitions (status, case_id);
create index petitions_organization_idx on petitions (organization_id);

create table petition_targets (
  petition_id uuid not null references petitions (id) on delete cascade,
  official_id uuid not null references officials (id) on delete cascade,
  primary key (petition_id, official_id)
);

-- One row per person per organization: who they are for mail, and whether
-- they still want it.
create table supporters (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  email text not null,
  email_canonical text not null,
  name text not null,
  unsubscribe_token text not null unique,
  unsubscribed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organization_id, email_canonical)
);

create table signatures (
  id uuid primary key default gen_random_uuid(),
  petition_id uuid not null references petitions (id) on delete cascade,
  supporter_id uuid not null references supporters (id) on delete cascade,
  name text not null,
  email text not null,
  email_canonical text not null,
  postal_code text not null,
  country text not null check (country ~ '^[A-Z]{2}$'),
  locality text,
  comment text,
  letter text,
  subscribe boolean not null default false,
  public boolean not null default false,
  -- The consent shown: the subscribe box's text, and when it was given.
  consent_text text,
  consented_at timestamptz,
  status text not null default 'pending'
    constraint signatures_status_check check (status in ('pending', 'confirmed', 'held', 'invalidated')),
  -- Where an invalidated signature returns to when moderation is undone.
  status_before_invalidation text,
  confirmed_at timestamptz,
  ip inet,
  user_agent text,
  confirmation_sent_at timestamptz,
  duplicate_notices integer not null default 0,
  duplicate_notice_at timestamptz,
  created_at timestamptz not null default now(),
  unique (petition_id, email_canonical)
);
create index signatures_petition_created_idx on signatures (petition_id, created_at desc);
create index signatures_public_idx on signatures (petition_id, confirmed_at desc)
  where public and status = 'confirmed';
create index signatures_ip_idx on signatures (petition_id, ip, created_at);
create index signatures_supporter_idx on signatures (supporter_id);

-- Confirmation links: random tokens, stored hashed; a re-send adds one.
create table confirmation_tokens (
  token_hash bytea primary key,
  signature_id uuid not null references signatures (id) on delete cascade,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index confirmation_tokens_signature_idx on confirmation_tokens (signature_id);

-- Count changes waiting to be folded into petitions.signature_count: an
-- append-only insert per change, so no request ever updates a hot row.
create table petition_count_deltas (
  id bigint generated always as identity primary key,
  petition_id uuid not null references petitions (id) on delete cascade,
  delta integer not null
);

-- Mail to one person (confirmations, notices, password resets): the delivery
-- record a job works through; a retry never sends twice.
create table outbound_emails (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid references organizations (id) on delete cascade,
  template text not null,
  to_address text not null,
  props jsonb not null default '{}',
  status text not null default 'queued'
    constraint outbound_emails_status_check check (status in ('queued', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbound_emails_due_idx on outbound_emails (next_attempt_at)
  where status in ('queued', 'sending');

-- Without SMTP_URL, mail lands here and is listed at /dev/mailbox.
create table dev_mailbox (
  id bigint generated always as identity primary key,
  to_address text not null,
  from_address text not null,
  subject text not null,
  html text not null,
  text text not null,
  headers jsonb not null default '{}',
  raw text not null,
  created_at timestamptz not null default now()
);
