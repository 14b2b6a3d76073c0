-- Who decides clemency (issue 13): the structures themselves are data in
-- app/domain/clemency.ts; an organization may correct a row for its own
-- cases, kept here. The Pardon Attorney becomes a decision maker's role.

alter table case_officials drop constraint case_officials_role_check;
alter table case_officials add constraint case_officials_role_check check (role in (
  'governor', 'president', 'parole_board_member', 'pardon_attorney', 'prosecutor', 'judge',
  'other'));

create table clemency_overrides (
  organization_id uuid not null references organizations (id) on delete cascade,
  -- The row corrected: US-TX, US-FED, US-MIL (domain/clemency.ts).
  jurisdiction_code text not null check (jurisdiction_code ~ '^US-[A-Z]{2,3}$'),
  structure text not null
    constraint clemency_overrides_structure_check check (structure in (
      'governor_alone', 'governor_on_board_recommendation', 'board_alone',
      'board_with_governor', 'president_with_pardon_attorney')),
  board text,
  note text,
  source_url text,
  updated_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (organization_id, jurisdiction_code)
);
