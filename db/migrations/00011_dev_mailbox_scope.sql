-- The dev mailbox (SMTP_URL unset) shows a signed-in organizer only the
-- mail addressed to them and their own organization's mail, so each
-- message records its recipients (bare, lower-case addresses) and the
-- organization whose supporter it went to (known by the unsubscribe link
-- the mail carries; mail without one, such as a password reset, belongs
-- to no organization). Written for PostgreSQL 15 and later.
alter table dev_mailbox
  add column organization_id uuid references organizations (id) on delete cascade,
  add column recipients text[] not null default '{}';

update dev_mailbox d set
  recipients = array[lower(trim(coalesce(substring(d.to_address from '<([^>]+)>'), d.to_address)))],
  organization_id = (
    select s.organization_id from supporters s
    where s.unsubscribe_token = substring(d.headers ->> 'List-Unsubscribe' from '/unsubscribe/([A-Za-z0-9_-]+)>'));

create index dev_mailbox_organization_idx on dev_mailbox (organization_id, id desc);
create index dev_mailbox_recipients_idx on dev_mailbox using gin (recipients);
