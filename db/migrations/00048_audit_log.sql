-- The audit log of organizer actions (docs/decisions/038-audit-log.md):
-- who did what, when, to which thing, written by the service that does it
-- in the same transaction where it has one. Append-only; read by admins.
create table audit_log (
  id bigint generated always as identity primary key,
  organization_id uuid not null references organizations (id) on delete cascade,
  -- The organizer (a dashboard session, or the owner of an API token);
  -- null for the operator's command line and Vigil's own jobs.
  actor_id uuid references users (id) on delete set null,
  -- Who that was when it happened (kept when the account is deleted).
  actor_label text not null,
  -- One of AUDIT_ACTIONS in app/domain/audit.ts.
  action text not null,
  subject_type text,
  subject_id text,
  -- One line a person reads ("Case Rosa Example: scheduled → stayed").
  summary text not null,
  details jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index audit_log_organization_idx on audit_log (organization_id, created_at desc, id desc);
create index audit_log_action_idx on audit_log (organization_id, action, created_at desc);
create index audit_log_actor_idx on audit_log (organization_id, actor_id, created_at desc);
