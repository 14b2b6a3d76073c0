import { DomainError } from '~/domain/errors'
import { partnerSource } from '~/domain/partners'
import type { PartnerStatus } from '~/domain/states'
import { db, type Sql } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import { countedSignature } from './rules.server'

/**
 * Partner organizations on a petition (decision 043): the invitation, its
 * answer and its end, who the partners are, their numbers, and what a
 * partner may read of a petition that is not its own. Every write names
 * the organization acting and says in its WHERE which side it is.
 */

export class PartnerInvitationError extends DomainError {
  constructor(message: string) {
    super('invalid', message, { partner: [message] })
  }
}

export class PartnerConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message, { partner: [message] })
  }
}

export interface PetitionPartner {
  organizationId: string
  organizationName: string
  organizationSlug: string
  source: string
  status: PartnerStatus
  invitedAt: Date
  acceptedAt: Date | null
  endedAt: Date | null
  /** Counted signatures that came through the partner's source. */
  totalSignatures: number
  /** Counted signatures whose signer let the partner mail them. */
  totalSubscribers: number
}

/**
 * Invites another organization (by its slug or id) onto the owner's
 * petition. A declined or ended partner may be invited again; one invited
 * or active already is a conflict. Null when the petition is not the
 * owner's.
 */
export async function invitePartner({
  ownerId,
  petitionId,
  partner,
  invitedBy,
}: {
  ownerId: string
  petitionId: string
  partner: string
  invitedBy: string | null
}): Promise<{ organizationId: string; organizationName: string } | null> {
  if (!isUuid(petitionId)) return null
  const sql = db()
  const [petition] = await sql<{ id: string }[]>`
    select id from petitions where id = ${petitionId} and organization_id = ${ownerId}`
  if (!petition) return null
  const ref = partner.trim()
  const [org] = await sql<{ id: string; name: string; slug: string }[]>`
    select id, name, slug from organizations
    where lower(slug) = lower(${ref}) or (${isUuid(ref)} and id::text = lower(${ref}))
    limit 1`
  if (!org) throw new PartnerInvitationError(`No organization on this Vigil is “${ref}”.`)
  if (org.id === ownerId)
    throw new PartnerInvitationError('Your own organization already runs this petition.')
  const [row] = await sql<{ status: PartnerStatus }[]>`
    insert into petition_partners (petition_id, organization_id, source, invited_by)
    values (${petitionId}, ${org.id}, ${partnerSource(org.slug, org.id)}, ${invitedBy})
    on conflict (petition_id, organization_id) do update
      set status = 'invited', invited_by = excluded.invited_by, invited_at = now(),
        accepted_at = null, ended_at = null
      where petition_partners.status in ('declined', 'ended')
    returning status`
  if (!row) throw new PartnerConflictError(`${org.name} is already invited or a partner.`)
  return { organizationId: org.id, organizationName: org.name }
}

/**
 * The partner's answer to an invitation: `active` or `declined`. False
 * when there is no open invitation of that organization on the petition.
 */
export async function answerPartnerInvitation({
  partnerId,
  petitionId,
  accept,
}: {
  partnerId: string
  petitionId: string
  accept: boolean
}): Promise<boolean> {
  if (!isUuid(petitionId)) return false
  const rows = await db()`
    update petition_partners
    set status = ${accept ? 'active' : 'declined'}, accepted_at = ${accept ? new Date() : null}
    where petition_id = ${petitionId} and organization_id = ${partnerId} and status = 'invited'`
  return rows.count === 1
}

/**
 * Ends a partnership (or withdraws an invitation), from either side: the
 * petition's organization ending partner `partnerId`, or the partner
 * itself (`actingId` = `partnerId`). Its signatures stay in the count.
 */
export async function endPartnership({
  actingId,
  petitionId,
  partnerId,
}: {
  actingId: string
  petitionId: string
  partnerId: string
}): Promise<boolean> {
  if (!isUuid(petitionId) || !isUuid(partnerId)) return false
  const rows = await db()`
    update petition_partners pp set status = 'ended', ended_at = now()
    from petitions p
    where p.id = pp.petition_id and pp.petition_id = ${petitionId}
      and pp.organization_id = ${partnerId} and pp.status in ('invited', 'active')
      and (p.organization_id = ${actingId} or pp.organization_id = ${actingId})`
  return rows.count === 1
}

/** A petition's partners of every status, with their numbers (the owner's view and the API's). */
export async function listPetitionPartners(petitionId: string): Promise<PetitionPartner[]> {
  return db()<PetitionPartner[]>`
    select pp.organization_id, o.name as organization_name, o.slug as organization_slug,
      pp.source, pp.status, pp.invited_at, pp.accepted_at, pp.ended_at,
      (select count(*)::int from signatures s
        where s.petition_id = pp.petition_id and s.source = pp.source
          and ${countedSignature('s')}) as total_signatures,
      (select count(*)::int from signature_partner_consents c
        join signatures s on s.id = c.signature_id
        where s.petition_id = pp.petition_id and c.organization_id = pp.organization_id
          and ${countedSignature('s')}) as total_subscribers
    from petition_partners pp join organizations o on o.id = pp.organization_id
    where pp.petition_id = ${petitionId}
    order by (pp.status = 'active') desc, o.name`
}

export interface PartnerPetition {
  petitionId: string
  /** The petition's own organization. */
  ownerId: string
  slug: string
  title: string
  status: PartnerStatus
  ownerName: string
  source: string
  signatureCount: number
  goal: number
}

/** The petitions an organization is invited to or partners on (its dashboard list). */
export async function listPartnerPetitions(organizationId: string): Promise<PartnerPetition[]> {
  return db()<PartnerPetition[]>`
    select p.id as petition_id, p.organization_id as owner_id, p.slug, p.title, pp.status, o.name as owner_name, pp.source,
      p.signature_count, p.goal
    from petition_partners pp
    join petitions p on p.id = pp.petition_id
    join organizations o on o.id = p.organization_id
    where pp.organization_id = ${organizationId} and pp.status in ('invited', 'active')
    order by (pp.status = 'invited') desc, pp.invited_at desc
    limit 200`
}

/**
 * The organization's active partnership on a petition that is another's:
 * what lets a partner read its numbers and its own supporters. Null
 * otherwise.
 */
export async function getActivePartnership({
  organizationId,
  petitionId,
}: {
  organizationId: string
  petitionId: string
}): Promise<PartnerPetition | null> {
  if (!isUuid(petitionId)) return null
  const [row] = await db()<PartnerPetition[]>`
    select p.id as petition_id, p.organization_id as owner_id, p.slug, p.title, pp.status, o.name as owner_name, pp.source,
      p.signature_count, p.goal
    from petition_partners pp
    join petitions p on p.id = pp.petition_id
    join organizations o on o.id = p.organization_id
    where pp.organization_id = ${organizationId} and pp.petition_id = ${petitionId}
      and pp.status = 'active'`
  return row ?? null
}

export interface PartnerSupporter {
  signatureId: string
  name: string
  email: string
  postalCode: string
  country: string
  signedAt: Date
  unsubscribed: boolean
}

/**
 * The signers of a petition who let this organization mail them (its own
 * consent rows, counted signatures only), newest first, with the
 * organization's own supporter row's address and unsubscribe. Nobody
 * else's.
 */
export async function listPartnerSupporters({
  organizationId,
  petitionId,
  limit = 100,
  offset = 0,
  afterId,
}: {
  organizationId: string
  petitionId: string
  limit?: number
  offset?: number
  /**
   * For a download read in batches: rows by signature id after this one, so
   * signatures arriving meanwhile neither repeat nor push a row out.
   */
  afterId?: string
}): Promise<PartnerSupporter[]> {
  if (!isUuid(petitionId)) return []
  const sql = db()
  const keyset = afterId === undefined ? sql`` : sql`and s.id > ${afterId}`
  const order = afterId === undefined ? sql`s.created_at desc, s.id` : sql`s.id`
  return sql<PartnerSupporter[]>`
    select s.id as signature_id, sup.name, sup.email, s.postal_code, s.country,
      s.created_at as signed_at, sup.unsubscribed_at is not null as unsubscribed
    from signature_partner_consents c
    join signatures s on s.id = c.signature_id
    join supporters sup on sup.id = c.supporter_id and sup.organization_id = ${organizationId}
    where c.organization_id = ${organizationId} and s.petition_id = ${petitionId}
      and ${countedSignature('s')} ${keyset}
    order by ${order}
    limit ${limit} offset ${afterId === undefined ? offset : 0}`
}

export async function countPartnerSupporters({
  organizationId,
  petitionId,
}: {
  organizationId: string
  petitionId: string
}): Promise<number> {
  if (!isUuid(petitionId)) return 0
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from signature_partner_consents c
    join signatures s on s.id = c.signature_id
    where c.organization_id = ${organizationId} and s.petition_id = ${petitionId}
      and ${countedSignature('s')}`
  return row!.n
}

/**
 * A petition `p`'s active partners as a JSON list of `{id, name}`, for the
 * queries that read a petition to show or sign (the public page, the embed,
 * the sign action).
 */
export function activePartnersJson(sql: Sql) {
  return sql`coalesce((
    select json_agg(json_build_object('id', x.id, 'name', x.name) order by x.name)
    from petition_partners pp join organizations x on x.id = pp.organization_id
    where pp.petition_id = p.id and pp.status = 'active'), '[]')`
}
