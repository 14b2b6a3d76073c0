import { db } from '~/utils/db.server'
import { countedSignature } from './rules.server'
import { isUuid } from '~/utils/uuid'
import type { Audience } from '~/validation/message'

/**
 * Who a campaign reaches: the confirmed signers of its petitions who let
 * its organization mail them (`consented`), in its regions, each person
 * once, minus the unsubscribed and the suppressed. The fan-out (message-delivery.server.ts) inserts exactly
 * this audience; these read it before the send.
 */

/**
 * The signatures whose signer let organization `organizationId` mail them,
 * each with that organization's own supporter row as `consent_supporter_id`:
 * `subscribe` on the organization's own petitions, a partner consent
 * (signature_partner_consents) on a petition it partners on (decision
 * 043). A signer who ticked only a partner is in the partner's audience,
 * not the petition organization's. Used as `join ${consented(org)} sig`.
 */
export function consented(organizationId: string) {
  return db()`(
    select s.*, s.supporter_id as consent_supporter_id from signatures s
    join petitions own on own.id = s.petition_id and own.organization_id = ${organizationId}
    where s.subscribe
    union all
    select s.*, c.supporter_id from signatures s
    join signature_partner_consents c on c.signature_id = s.id
    where c.organization_id = ${organizationId})`
}

/** No region limit. */
export const EVERYONE: Audience = { countries: [], postalPrefixes: [] }

/**
 * Whether the signature `sig` is in the audience's regions: its country is
 * one of the countries (when any are named) and its postal code, upper case
 * without spaces or dashes, starts with one of the prefixes (when any are
 * named). Both named: both must hold ("US" and "787" is Austin, Texas).
 */
export function inAudience(audience: Audience) {
  const { countries, postalPrefixes } = audience
  // A fragment: nests in any query, a transaction's included.
  return db()`
    (cardinality(${countries}::text[]) = 0 or sig.country = any(${countries}::text[]))
    and (cardinality(${postalPrefixes}::text[]) = 0 or exists (
      select 1 from unnest(${postalPrefixes}::text[]) prefix
      where starts_with(upper(regexp_replace(sig.postal_code, '[[:space:]-]+', '', 'g')), prefix)))`
}

/**
 * How many people a message would reach if it fanned out now: the
 * audience as fanOutDueMessages counts it (each supporter once, minus the
 * unsubscribed and the suppressed). For drafts and scheduled messages.
 */
export async function countAudience({
  organizationId,
  petitionIds,
  audience,
}: {
  organizationId: string
  petitionIds: string[]
  audience: Audience
}): Promise<number> {
  const ids = petitionIds.filter(isUuid)
  if (ids.length === 0) return 0
  const sql = db()
  const [row] = await sql<{ n: number }[]>`
    select count(distinct sup.id)::int as n
    from ${consented(organizationId)} sig
    join supporters sup on sup.id = sig.consent_supporter_id
    where sig.petition_id = any(${ids}::uuid[])
      and ${countedSignature('sig')}
      and sup.organization_id = ${organizationId}
      and sup.unsubscribed_at is null
      and not exists (
        select 1 from suppressions x
        where x.organization_id = sup.organization_id
          and x.email_canonical = sup.email_canonical)
      and ${inAudience(audience)}`
  return row!.n
}

/**
 * A real person to preview a message as: the latest confirmed, subscribed
 * signer of the petitions in the audience's regions (null when there is
 * none yet).
 */
export async function getPreviewSupporter({
  organizationId,
  petitionIds,
  audience = EVERYONE,
}: {
  organizationId: string
  petitionIds: string[]
  audience?: Audience
}): Promise<{ name: string; petitionId: string } | null> {
  const ids = petitionIds.filter(isUuid)
  if (ids.length === 0) return null
  const sql = db()
  const [row] = await sql<{ name: string; petitionId: string }[]>`
    select sup.name, sig.petition_id
    from ${consented(organizationId)} sig
    join supporters sup on sup.id = sig.consent_supporter_id
    where sig.petition_id = any(${ids}::uuid[])
      and ${countedSignature('sig')} and sup.unsubscribed_at is null
      and ${inAudience(audience)}
    order by sig.created_at desc
    limit 1`
  return row ?? null
}
