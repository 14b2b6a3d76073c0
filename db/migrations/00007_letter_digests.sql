-- Signers' letters reach each of a petition's targets in digests: one mail
-- per official and window, never one per signature. A digest row is the
-- per-recipient delivery record (claimed in batches with a lease, like
-- message_deliveries); its items say which letters it carries, and each
-- letter reaches each official once. See docs/decisions/023-letter-digests.md.

alter table petitions add column letter_digest text not null default 'daily'
  constraint petitions_letter_digest_check check (letter_digest in ('hourly', 'daily'));
-- Who created the petition: replies from its targets go to them (while they
-- are still a member of the organization).
alter table petitions add column created_by uuid references users (id) on delete set null;

create table letter_digests (
  id uuid primary key default gen_random_uuid(),
  petition_id uuid not null references petitions (id) on delete cascade,
  official_id uuid not null references officials (id) on delete cascade,
  -- scheduled: the petition's hourly or daily cut-off; final: the last one
  -- before the case's deadline, sent once per deadline whatever the schedule.
  kind text not null
    constraint letter_digests_kind_check check (kind in ('scheduled', 'final')),
  -- Letters confirmed before window_end (and after the previous digest's
  -- cut-off, or earlier ones released from review since).
  window_start timestamptz,
  window_end timestamptz not null,
  -- A large window is split into parts of at most a few thousand letters.
  part integer not null default 1,
  -- For a final digest: the deadline (the case's next_date) it was sent before.
  deadline timestamptz,
  letter_count integer not null,
  to_address text not null,
  status text not null default 'queued'
    constraint letter_digests_status_check check (status in (
      'queued', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  smtp_message_id text,
  created_at timestamptz not null default now(),
  -- When it was last queued (built, or sent again by an organizer): temporary
  -- failures are retried for 24 hours from here.
  queued_at timestamptz not null default now(),
  sent_at timestamptz
);
-- One digest per official and window (two workers cannot build it twice).
create unique index letter_digests_window_unique
  on letter_digests (petition_id, official_id, window_end, part) where kind = 'scheduled';
-- One final digest per official and deadline; a moved deadline gets its own.
create unique index letter_digests_final_unique
  on letter_digests (petition_id, official_id, deadline, part) where kind = 'final';
create index letter_digests_petition_idx on letter_digests (petition_id, created_at desc);
-- The claim: due rows in time order.
create index letter_digests_due_idx on letter_digests (next_attempt_at)
  where status in ('queued', 'sending');

create table letter_digest_items (
  digest_id uuid not null references letter_digests (id) on delete cascade,
  signature_id uuid not null references signatures (id) on delete cascade,
  official_id uuid not null references officials (id) on delete cascade,
  primary key (digest_id, signature_id),
  -- Each letter reaches each official once, whatever happens to the digests.
  unique (official_id, signature_id)
);
create index letter_digest_items_signature_idx on letter_digest_items (signature_id);

-- Letters waiting for a digest: confirmed signatures with a letter, by petition.
create index signatures_letters_idx on signatures (petition_id, confirmed_at)
  where status = 'confirmed' and letter is not null;
