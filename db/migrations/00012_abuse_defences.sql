-- Abuse defences (docs/decisions/026-abuse-defences-and-headers.md): nothing
-- is refused or dropped for abuse; it is held for review, gets no mail, and
-- does not count until released and confirmed. Written for PostgreSQL 15+.

-- Each organization's block and allow lists: an IP address or CIDR range,
-- or an email domain. A blocked signer is always held (and left out of
-- "release all"); an allowed address is exempt from the per-address limit
-- (a church's shared Wi-Fi), an allowed domain from the per-domain limit.
create table abuse_rules (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  kind text not null
    constraint abuse_rules_kind_check check (kind in ('block', 'allow')),
  cidr inet,
  domain text,
  note text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint abuse_rules_one_target check ((cidr is null) <> (domain is null)),
  constraint abuse_rules_domain_lower check (domain = lower(domain))
);
create unique index abuse_rules_cidr_unique on abuse_rules (organization_id, kind, cidr)
  where cidr is not null;
create unique index abuse_rules_domain_unique on abuse_rules (organization_id, kind, domain)
  where domain is not null;

-- Why a signature is held (null for one that is not, or was held before
-- this column existed).
alter table signatures add column hold_reason text
  constraint signatures_hold_reason_check check (hold_reason in (
    'ip_limit', 'domain_limit', 'blocked', 'honeypot', 'moderator'));

-- The limits count a petition's signatures from one address, or one email
-- domain, in the last hour, held ones left out; these read only those, so
-- a flood of held rows never slows the next signature down.
create index signatures_ip_unheld_idx on signatures (petition_id, ip, created_at)
  where status <> 'held';
create index signatures_domain_unheld_idx
  on signatures (petition_id, (split_part(email_canonical, '@', 2)), created_at)
  where status <> 'held';

-- Moderation may now hold signatures too (one click on a petition's page).
alter table moderation_actions drop constraint moderation_actions_kind_check;
alter table moderation_actions add constraint moderation_actions_kind_check
  check (kind in ('invalidate', 'release', 'hold'));
