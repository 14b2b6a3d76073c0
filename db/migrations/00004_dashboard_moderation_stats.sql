-- The organizer dashboard: moderation records, officials CSV imports, and
-- the statistics rollups that keep the petition view fast on a million
-- signatures. See docs/decisions/004-dashboard-statistics.md.

-- Every invalidation (or release of held signatures) by moderation: who, when,
-- by what criteria, and which signatures it touched, so it can be undone.
create table moderation_actions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  petition_id uuid not null references petitions (id) on delete cascade,
  kind text not null
    constraint moderation_actions_kind_check check (kind in ('invalidate', 'release')),
  criteria jsonb not null,
  affected integer not null default 0,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  undone_at timestamptz,
  undone_by uuid references users (id) on delete set null
);
create index moderation_actions_petition_idx on moderation_actions (petition_id, created_at desc);

create table moderation_action_signatures (
  action_id uuid not null references moderation_actions (id) on delete cascade,
  signature_id uuid not null references signatures (id) on delete cascade,
  primary key (action_id, signature_id)
);
create index moderation_action_signatures_signature_idx
  on moderation_action_signatures (signature_id);

-- Moderation by time window and by email domain within a petition.
create index signatures_petition_domain_idx
  on signatures (petition_id, (split_part(email_canonical, '@', 2)));
-- The signature list's default order and its status filter.
create index signatures_petition_status_created_idx
  on signatures (petition_id, status, created_at desc);

-- An officials CSV import: previewed (rows and errors by line kept here),
-- then confirmed and run by a job in batches, which records its progress.
create table official_imports (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  created_by uuid references users (id) on delete set null,
  filename text,
  status text not null default 'preview'
    constraint official_imports_status_check check (status in (
      'preview', 'queued', 'running', 'done', 'failed')),
  total_rows integer not null default 0,
  rows jsonb not null default '[]',
  errors jsonb not null default '[]',
  processed_rows integer not null default 0,
  created_count integer not null default 0,
  updated_count integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index official_imports_organization_idx on official_imports (organization_id, created_at desc);

-- Statistics. A row trigger appends a delta per new signature and per status
-- change (append-only: signing never waits on a shared row); the stats job
-- folds deltas into the two rollups below; readers add the few deltas not
-- yet folded, so figures are exact at every moment.
create function signature_region(country text, postal_code text) returns text
language sql immutable parallel safe as $$
  select case
    when country in ('GB', 'IE') then split_part(upper(trim(postal_code)), ' ', 1)
    else upper(left(regexp_replace(postal_code, '\s', '', 'g'), 3))
  end
$$;

create table signature_stat_deltas (
  id bigint generated always as identity primary key,
  petition_id uuid not null references petitions (id) on delete cascade,
  hour timestamptz not null,
  status text not null,
  country text not null,
  region text not null,
  delta integer not null
);
create index signature_stat_deltas_petition_idx on signature_stat_deltas (petition_id);

-- Signatures by the hour they were made in, and their status now.
create table signature_stats_hourly (
  petition_id uuid not null references petitions (id) on delete cascade,
  hour timestamptz not null,
  status text not null,
  n integer not null,
  primary key (petition_id, hour, status)
);

-- Signatures by country and region (postal code prefix), and their status now.
create table signature_stats_region (
  petition_id uuid not null references petitions (id) on delete cascade,
  country text not null,
  region text not null,
  status text not null,
  n integer not null,
  primary key (petition_id, country, region, status)
);

create function signature_stats_track() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into signature_stat_deltas (petition_id, hour, status, country, region, delta)
    values (new.petition_id, date_trunc('hour', new.created_at, 'UTC'), new.status, new.country,
      signature_region(new.country, new.postal_code), 1);
  elsif old.status is distinct from new.status then
    insert into signature_stat_deltas (petition_id, hour, status, country, region, delta)
    values
      (old.petition_id, date_trunc('hour', old.created_at, 'UTC'), old.status, old.country,
        signature_region(old.country, old.postal_code), -1),
      (new.petition_id, date_trunc('hour', new.created_at, 'UTC'), new.status, new.country,
        signature_region(new.country, new.postal_code), 1);
  end if;
  return null;
end
$$;

create trigger signatures_stats_insert after insert on signatures
  for each row execute function signature_stats_track();
create trigger signatures_stats_status after update of status on signatures
  for each row execute function signature_stats_track();
