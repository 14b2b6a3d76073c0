-- The deadline drives the mail (issue 4, item 5).
--
-- A campaign message may be timed relative to its case's next date ("48
-- hours before"): it keeps the case and the offset, and its scheduled_at is
-- recomputed whenever the date moves (null while the case has no date). A
-- resolved case cancels it. See docs/decisions/021-deadline-driven-mail.md.

alter table messages
  add column deadline_case_id uuid references cases (id) on delete set null,
  add column hours_before_deadline integer
    constraint messages_hours_before_deadline_check
    check (hours_before_deadline between 0 and 2160),
  -- Where a message came from: null for one an organizer wrote, else the
  -- outcome template it was drafted from (an offered or automatic update).
  add column outcome text
    constraint messages_outcome_check check (outcome in (
      'stayed', 'rescheduled', 'reprieved', 'commuted', 'pardoned', 'exonerated',
      'clemency_denied', 'executed')),
  add column cancel_reason text,
  -- Timed by a case means an offset (the case may later be deleted: null).
  add constraint messages_deadline_offset_check
    check (deadline_case_id is null or hours_before_deadline is not null);

create index messages_deadline_case_idx on messages (deadline_case_id)
  where deadline_case_id is not null;

-- What happens when the case's outcome changes: the organizer is offered a
-- signer update drafted from the outcome template ('offer'), Vigil sends it
-- at once ('send'), or nothing ('off').
alter table petitions
  add column signer_updates text not null default 'offer'
    constraint petitions_signer_updates_check check (signer_updates in ('offer', 'send', 'off'));
