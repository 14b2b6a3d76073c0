-- What a signer may read about who runs a petition (the public pages'
-- footer): the organization's contact address and its own privacy notice.
-- Null: not given (the footer then shows Vigil's privacy notice alone).

alter table organizations
  add column contact_email text
    constraint organizations_contact_email_check
      check (contact_email is null or (length(contact_email) <= 254 and contact_email like '%_@_%')),
  add column privacy_url text
    constraint organizations_privacy_url_check
      check (privacy_url is null or (length(privacy_url) <= 2000 and privacy_url ~ '^https?://'));
