-- Cases imported from CSV (issue 13), the same way officials are
-- (official_imports, 00004): checked into a preview with errors by line,
-- confirmed, then saved by a job in batches that records its progress.
-- A row updates the organization's case with the same case number and
-- jurisdiction (compared without case or surrounding spaces).

create table case_imports (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  created_by uuid references users (id) on delete set null,
  filename text,
  status text not null default 'preview'
    constraint case_imports_status_check check (status in (
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
create index case_imports_organization_idx on case_imports (organization_id, created_at desc);

-- The import's match: one case per organization, number and jurisdiction.
create index cases_number_idx on cases (organization_id, lower(trim(case_number)),
  lower(trim(jurisdiction))) where case_number is not null;
