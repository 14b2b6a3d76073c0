-- Where the signers are (docs/decisions/027-signer-regions.md). A signature
-- keeps the ISO 3166-2 subdivision its postal code names (`US-TX`), resolved
-- by Vigil when it is signed; null where Vigil cannot tell (other countries,
-- military and unassigned ZIP codes). Kept with the signature, it survives
-- the anonymisation of the postal code and keeps the counts cheap.
alter table signatures
  add column region text
    constraint signatures_region_check check (region ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$');

-- Signatures from before this migration are resolved by the worker
-- (jobs/regions.server.ts), a batch at a time; this index finds them, and
-- stays as small as the US codes that name no state.
create index signatures_region_unresolved_idx on signatures (id)
  where region is null and country = 'US';

-- The statistics' region is now the subdivision where it is known, else the
-- postal area as before (other countries keep theirs). A change of region
-- (the backfill) moves a signature between rollup rows like a change of
-- status does, so the rollups stay exact without a rebuild.
create or replace function signature_stats_track() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into signature_stat_deltas (petition_id, hour, status, country, region, delta)
    values (new.petition_id, date_trunc('hour', new.created_at, 'UTC'), new.status, new.country,
      coalesce(new.region, signature_region(new.country, new.postal_code)), 1);
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

drop trigger signatures_stats_status on signatures;
create trigger signatures_stats_status after update of status, region on signatures
  for each row execute function signature_stats_track();

-- The packet lists one petition's counted signers by region, then name.
create index signatures_packet_idx on signatures (petition_id, region, name)
  where status = 'confirmed';
