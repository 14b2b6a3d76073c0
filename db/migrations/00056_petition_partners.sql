-- Partner organizations on one petition (issue 15, decision 043).
--
-- petition_partners: an organization on this Vigil invited by an admin of
-- the petition's organization to campaign on the petition. `invited` until
-- the partner's admin accepts (`active`) or declines (`declined`); either
-- side may end an active one (`ended`). Signatures through an ended
-- partner stay in the petition's count: they are signatures on the one
-- petition. Each partner has its own `source` (the sources rule of
-- decision 035), which its embed and links carry.
create table petition_partners (
  petition_id uuid not null references petitions (id) on delete cascade,
  organization_id uuid not null references organizations (id) on delete cascade,
  source text not null
    constraint petition_partners_source_check check (source ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
  status text not null default 'invited'
    constraint petition_partners_status_check
      check (status in ('invited', 'active', 'declined', 'ended')),
  invited_by uuid references users (id) on delete set null,
  invited_at timestamptz not null default now(),
  accepted_at timestamptz,
  ended_at timestamptz,
  primary key (petition_id, organization_id),
  constraint petition_partners_source_unique unique (petition_id, source)
);
create index petition_partners_organization_idx on petition_partners (organization_id, status);

-- Consent per organization: a signer who ticked a partner's box on the
-- sign form. The consent is to the partner, so the partner keeps its own
-- supporter row (supporters is one row per person per organization, with
-- its own unsubscribe token and unsubscribed_at): unsubscribing from one
-- organization leaves the others. The petition's own organization's
-- consent stays signatures.subscribe.
create table signature_partner_consents (
  signature_id uuid not null references signatures (id) on delete cascade,
  organization_id uuid not null references organizations (id) on delete cascade,
  supporter_id uuid not null references supporters (id) on delete cascade,
  consent_text text not null,
  consented_at timestamptz not null default now(),
  primary key (signature_id, organization_id)
);
create index signature_partner_consents_organization_idx
  on signature_partner_consents (organization_id, signature_id);
create index signature_partner_consents_supporter_idx on signature_partner_consents (supporter_id);
