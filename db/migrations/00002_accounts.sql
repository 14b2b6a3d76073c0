-- Accounts and access: API tokens, password resets, login throttling and
-- invitations. Every secret is stored as its SHA-256 hash only; the plain
-- token exists in the mail or on the screen that showed it once.
-- Written for PostgreSQL 15 and later.

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null,
  token_hash bytea not null constraint api_tokens_token_hash_unique unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  -- A token acts as one member of one organization.
  foreign key (organization_id, user_id) references memberships (organization_id, user_id)
    on delete cascade
);
create index api_tokens_organization_idx on api_tokens (organization_id, created_at desc);

-- Password reset links: created when the mail is rendered (so the plain token
-- is never stored), single use, short-lived.
create table password_reset_tokens (
  token_hash bytea primary key,
  user_id uuid not null references users (id) on delete cascade,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index password_reset_tokens_user_idx on password_reset_tokens (user_id);

-- Every login attempt, for throttling per account and per client address.
-- Old rows are pruned by the login path itself.
create table login_attempts (
  id bigint generated always as identity primary key,
  email_canonical text not null,
  ip inet,
  succeeded boolean not null,
  created_at timestamptz not null default now()
);
create index login_attempts_email_idx on login_attempts (email_canonical, created_at);
create index login_attempts_ip_idx on login_attempts (ip, created_at);
create index login_attempts_created_idx on login_attempts (created_at);

-- An admin's invitation to join an organization. The token hash is set when
-- the mail is rendered; a re-sent invitation replaces it.
create table invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  email text not null,
  email_canonical text not null,
  role text not null default 'organizer'
    constraint invitations_role_check check (role in ('admin', 'organizer')),
  token_hash bytea constraint invitations_token_hash_unique unique,
  invited_by uuid references users (id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  created_at timestamptz not null default now()
);
create index invitations_organization_idx on invitations (organization_id, created_at desc);
create unique index invitations_pending_unique on invitations (organization_id, email_canonical)
  where accepted_at is null;
