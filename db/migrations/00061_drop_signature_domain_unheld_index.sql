-- vigil:no-transaction
-- Replaced by signatures_domain_limit_idx (00060); nothing else reads it.
drop index concurrently if exists signatures_domain_unheld_idx
