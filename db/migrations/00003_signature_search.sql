-- The organizer's signature list searches one petition's signatures by the
-- start of an email address or of a name; with a million signatures on a
-- petition these keep a search to the matching index range.
create index signatures_petition_email_prefix_idx
  on signatures (petition_id, lower(email) text_pattern_ops);
create index signatures_petition_name_prefix_idx
  on signatures (petition_id, lower(name) text_pattern_ops);
