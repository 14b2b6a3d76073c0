-- Where each signature came from (decision 035): the `source` of the link
-- that brought the signer (`?source=CODE` on a sign form, OSDI
-- referrer_data.source in the API), normalized by app/domain/sources.ts.
-- Null: no source given. Counted per petition for the dashboard and the API.

alter table signatures add column source text
  constraint signatures_source_check check (source ~ '^[a-z0-9][a-z0-9._-]{0,63}$');

-- Counts per source read only a petition's counted signatures that have one.
create index signatures_petition_source_idx on signatures (petition_id, source)
  where source is not null and status = 'confirmed';
