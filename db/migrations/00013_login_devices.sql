-- Sign-in throttling that no stranger can turn into a lock-out
-- (docs/decisions/026-abuse-defences-and-headers.md): failures are counted
-- per address and per account and address, and a browser that has signed
-- in to the account before (a signed device cookie) is counted on its own.
-- Written for PostgreSQL 15 and later.
alter table login_attempts add column device text;
create index login_attempts_pair_idx on login_attempts (email_canonical, ip, created_at)
  where device is null;
create index login_attempts_device_idx on login_attempts (email_canonical, device, created_at)
  where device is not null;
