-- An outreach may carry the delivery packet (docs/decisions/028-delivery-packet.md):
-- attached to each official's copy, or, over the attachment limit, as a
-- signed link that works without signing in until it expires.
alter table outreaches add column attach_packet boolean not null default false;
