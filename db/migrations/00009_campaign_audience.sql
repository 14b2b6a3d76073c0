-- A campaign may be limited to signers in given regions: countries (ISO
-- 3166-1 alpha-2) and/or postal code prefixes (upper case, no spaces, e.g.
-- '787' for Austin, TX). Empty means no limit. See
-- app/models/message.server.ts (fanOutDueMessages) for how they combine.

alter table messages
  add column audience_countries text[] not null default '{}',
  add column audience_postal_prefixes text[] not null default '{}';

alter table messages
  add constraint messages_audience_countries_check
    check (array_to_string(audience_countries, ',') ~ '^([A-Z]{2}(,[A-Z]{2})*)?$'),
  add constraint messages_audience_postal_prefixes_check
    check (array_to_string(audience_postal_prefixes, ',') ~ '^([A-Z0-9]{1,10}(,[A-Z0-9]{1,10})*)?$');

-- The suppression list page: newest first per organization.
create index suppressions_organization_created_idx on suppressions (organization_id, created_at desc);
