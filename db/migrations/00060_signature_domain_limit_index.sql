-- vigil:no-transaction
-- The per-domain limit (signPetition) counts a petition's unheld signatures
-- from one email domain in the last hour. It read signatures_domain_unheld_idx
-- only when the planner chose it: for a petition the statistics had not seen
-- yet (exactly the one in a surge, on a large table that autovacuum analyses
-- only every 10 % of changes) it took signatures_petition_created_idx and read
-- every signature of the hour per signature (176 ms each at 50,000, measured).
-- The count now asks by this one expression, which no other index holds, so
-- this is the index it reads whatever the statistics say (decision 045).
create index concurrently if not exists signatures_domain_limit_idx
  on signatures (((petition_id::text || '@') || split_part(email_canonical, '@', 2)), created_at)
  where status <> 'held'
