-- Milestones reached (docs/decisions/028-delivery-packet.md): a petition's
-- count passed a share of its goal. A row per goal and share, written once
-- (the primary key), so organizers hear of each milestone once; a raised
-- goal starts its own milestones.
create table petition_milestones (
  petition_id uuid not null references petitions (id) on delete cascade,
  goal integer not null,
  percent integer not null constraint petition_milestones_percent_check check (percent between 1 and 100),
  signature_count integer not null,
  reached_at timestamptz not null default now(),
  -- False for milestones a raised goal had already passed: recorded, not announced.
  announced boolean not null default true,
  primary key (petition_id, goal, percent)
);
