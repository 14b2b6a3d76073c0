-- Privacy (docs/decisions/037-privacy-anonymisation-and-erasure.md): a
-- signature's personal data is anonymised some time after its petition
-- closes, a never-confirmed one is deleted, and one person's data can be
-- exported and erased. Written for PostgreSQL 15+.

-- When the signature's personal data was taken out (null: it is whole).
-- An anonymised signature belongs to no supporter any more: the supporter
-- row (name, email, unsubscribe token) goes once nothing live refers to it.
alter table signatures add column anonymised_at timestamptz;
alter table signatures alter column supporter_id drop not null;

-- The anonymisation sweep: closed petitions' signatures not yet anonymised.
create index signatures_not_anonymised_idx on signatures (petition_id)
  where anonymised_at is null;
-- The deletion of never-confirmed signatures, oldest first.
create index signatures_unconfirmed_idx on signatures (created_at)
  where confirmed_at is null;
-- The anonymisation sweep's petitions.
create index petitions_closed_idx on petitions (closed_at)
  where status in ('closed', 'won', 'lost');

-- A deleted signature (never confirmed, or erased) leaves the statistics
-- too: the same trigger appends its -1, so the rollups stay exact.
create or replace function signature_stats_track() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into signature_stat_deltas (petition_id, hour, status, country, region, delta)
    values (new.petition_id, date_trunc('hour', new.created_at, 'UTC'), new.status, new.country,
      coalesce(new.region, signature_region(new.country, new.postal_code)), 1);
  elsif tg_op = 'DELETE' then
    -- Not when the petition itself is being deleted (its statistics go with it).
    insert into signature_stat_deltas (petition_id, hour, status, country, region, delta)
    select old.petition_id, date_trunc('hour', old.created_at, 'UTC'), old.status, old.country,
      coalesce(old.region, signature_region(old.country, old.postal_code)), -1
    where exists (select 1 from petitions where id = old.petition_id);
  elsif old.status is distinct from new.status or old.region is distinct from new.region then
    insert into signature_stat_deltas (petition_id, hour, status, country, region, delta)
    values
      (old.petition_id, date_trunc('hour', old.created_at, 'UTC'), old.status, old.country,
        coalesce(old.region, signature_region(old.country, old.postal_code)), -1),
      (new.petition_id, date_trunc('hour', new.created_at, 'UTC'), new.status, new.country,
        coalesce(new.region, signature_region(new.country, new.postal_code)), 1);
  end if;
  return null;
end
$$;

create trigger signatures_stats_delete after delete on signatures
  for each row execute function signature_stats_track();

-- The organization's privacy notice, shown beside its sign forms (Markdown;
-- null: Vigil's default, app/domain/privacy.ts).
alter table organizations add column privacy_notice text;
