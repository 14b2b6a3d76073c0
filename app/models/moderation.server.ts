import { DomainError } from '~/domain/errors'
import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { countedSignature } from './rules.server'
import { recordCountDelta } from './count.server'
import { emitWebhookEvents } from './webhook-event.server'
import { isUuid } from '~/utils/uuid'
import type { ModerationActionKind } from '~/domain/states'

/**
 * Moderation: invalidating signatures by selection, IP or CIDR, email domain
 * or time window; undoing it; holding and releasing signatures. Each action is
 * recorded with its criteria and the signatures it touched, and the count is
 * repaired in the same transaction (a delta per confirmed signature moved).
 */

export type ModerationCriteria =
  | { type: 'selection'; signatureIds: string[] }
  | { type: 'ip'; cidr: string }
  | { type: 'domain'; domain: string }
  | { type: 'window'; from: string; to: string }

export interface ModerationResult {
  actionId: string | null
  affected: number
  /** Confirmed signatures moved (they left or re-entered the count). */
  confirmed: number
}

export interface ModerationAction {
  id: string
  kind: ModerationActionKind
  criteria: ModerationCriteria | { type: 'held'; signatureIds?: string[] }
  affected: number
  createdAt: Date
  createdByEmail: string | null
  undoneAt: Date | null
  undoneByEmail: string | null
}

async function petitionInOrganization(
  sql: Sql | TransactionSql,
  { organizationId, petitionId }: { organizationId: string; petitionId: string },
): Promise<boolean> {
  if (!isUuid(petitionId)) return false
  const [row] = await sql`
    select 1 from petitions where id = ${petitionId} and organization_id = ${organizationId}`
  return !!row
}

function criteriaFilter(sql: TransactionSql, criteria: ModerationCriteria) {
  switch (criteria.type) {
    case 'selection':
      return sql`s.id = any(${criteria.signatureIds.filter(isUuid)}::uuid[])`
    case 'ip':
      return sql`s.ip <<= ${criteria.cidr}::inet`
    case 'domain':
      return sql`split_part(s.email_canonical, '@', 2) = ${criteria.domain.toLowerCase()}`
    case 'window':
      return sql`s.created_at >= ${criteria.from}::timestamptz
        and s.created_at < ${criteria.to}::timestamptz`
  }
}

/**
 * Invalidates the petition's signatures that match and are not invalidated
 * already. Null when the petition is not the organization's. Nothing is
 * recorded when nothing matched.
 */
export async function invalidateSignatures({
  organizationId,
  petitionId,
  criteria,
  actorId = null,
}: {
  organizationId: string
  petitionId: string
  criteria: ModerationCriteria
  actorId?: string | null
}): Promise<ModerationResult | null> {
  const result = await db().begin(async (sql) => {
    if (!(await petitionInOrganization(sql, { organizationId, petitionId }))) return null
    const [action] = await sql<{ id: string }[]>`
      insert into moderation_actions (organization_id, petition_id, kind, criteria, created_by)
      values (${organizationId}, ${petitionId}, 'invalidate', ${sql.json(criteria)}, ${actorId})
      returning id`
    const [moved] = await sql<{ affected: number; confirmed: number }[]>`
      with changed as (
        update signatures s
        set status_before_invalidation = s.status, status = 'invalidated'
        where s.petition_id = ${petitionId} and s.status <> 'invalidated'
          and ${criteriaFilter(sql, criteria)}
        returning s.id, s.status_before_invalidation as before
      ), recorded as (
        insert into moderation_action_signatures (action_id, signature_id)
        select ${action!.id}, id from changed
      )
      select count(*)::int as affected,
        count(*) filter (where before = 'confirmed')::int as confirmed
      from changed`
    if (moved!.affected === 0) {
      await sql`delete from moderation_actions where id = ${action!.id}`
      return { actionId: null, affected: 0, confirmed: 0 }
    }
    await sql`update moderation_actions set affected = ${moved!.affected} where id = ${action!.id}`
    await recordCountDelta({ petitionId, delta: -moved!.confirmed }, sql)
    return { actionId: action!.id, ...moved! }
  })
  return result
}

export class ModerationAlreadyUndoneError extends DomainError {
  constructor() {
    super('conflict', 'This action has already been undone.')
  }
}

/**
 * Undoes an invalidation: each of its signatures still invalidated returns to
 * the status it had (a pending signature whose signer has since clicked the
 * link returns confirmed). Null when the action is not the organization's.
 */
export async function undoModerationAction({
  organizationId,
  actionId,
  actorId = null,
}: {
  organizationId: string
  actionId: string
  actorId?: string | null
}): Promise<(ModerationResult & { petitionId: string }) | null> {
  if (!isUuid(actionId)) return null
  const result = await db().begin(async (sql) => {
    const [action] = await sql<{ petitionId: string; undoneAt: Date | null; kind: string }[]>`
      select petition_id, undone_at, kind from moderation_actions
      where id = ${actionId} and organization_id = ${organizationId}
      for update`
    if (!action || action.kind !== 'invalidate') return null
    if (action.undoneAt) throw new ModerationAlreadyUndoneError()
    const [moved] = await sql<{ affected: number; confirmed: number }[]>`
      with restored as (
        update signatures s
        set status = case
            when s.status_before_invalidation = 'pending' and s.confirmed_at is not null
              then 'confirmed'
            when s.status_before_invalidation in ('pending', 'confirmed', 'held')
              then s.status_before_invalidation
            else 'pending'
          end,
          status_before_invalidation = null
        from moderation_action_signatures m
        where m.action_id = ${actionId} and m.signature_id = s.id and s.status = 'invalidated'
        returning s.status
      )
      select count(*)::int as affected,
        count(*) filter (where ${countedSignature('restored')})::int as confirmed
      from restored`
    await sql`
      update moderation_actions set undone_at = now(), undone_by = ${actorId}
      where id = ${actionId}`
    await recordCountDelta({ petitionId: action.petitionId, delta: moved!.confirmed }, sql)
    return { actionId, petitionId: action.petitionId, ...moved! }
  })
  return result
}

/** Which held signatures a release takes: all, a selection, or those from an address or domain. */
export type ReleaseCriteria =
  | { type: 'held' }
  | { type: 'selection'; signatureIds: string[] }
  | { type: 'ip'; cidr: string }
  | { type: 'domain'; domain: string }

/** The signer's address or domain is on the organization's block list (abuse.server.ts). */
function blocked(sql: TransactionSql, organizationId: string) {
  return sql`exists (
    select 1 from abuse_rules r
    where r.organization_id = ${organizationId} and r.kind = 'block'
      and (s.ip <<= r.cidr or r.domain = split_part(s.email_canonical, '@', 2)))`
}

/**
 * Releases held signatures: confirmed if the signer clicked the link (it
 * counts at once), else pending, with its confirmation mail queued in the
 * same statement (a held signature was sent none). "All" leaves out
 * signers on the block list; a selection, an address or a domain releases
 * what it names. `mailed` is how many confirmations were queued. Null when
 * the petition is not the organization's.
 */
export async function releaseHeldSignatures({
  organizationId,
  petitionId,
  signatureIds,
  source,
  actorId = null,
}: {
  organizationId: string
  petitionId: string
  signatureIds?: string[]
  /** Only those from this address (or range) or email domain. */
  source?: { cidr: string } | { domain: string }
  actorId?: string | null
}): Promise<(ModerationResult & { mailed: number }) | null> {
  const result = await db().begin(async (sql) => {
    if (!(await petitionInOrganization(sql, { organizationId, petitionId }))) return null
    const criteria: ReleaseCriteria = signatureIds
      ? { type: 'selection', signatureIds: signatureIds.filter(isUuid) }
      : source
        ? 'cidr' in source
          ? { type: 'ip', cidr: source.cidr }
          : { type: 'domain', domain: source.domain.toLowerCase() }
        : { type: 'held' }
    const [action] = await sql<{ id: string }[]>`
      insert into moderation_actions (organization_id, petition_id, kind, criteria, created_by)
      values (${organizationId}, ${petitionId}, 'release',
        ${sql.json(criteria.type === 'selection' ? { type: 'held', signatureIds: criteria.signatureIds } : criteria)},
        ${actorId})
      returning id`
    const filter =
      criteria.type === 'held'
        ? sql`not ${blocked(sql, organizationId)}`
        : criteriaFilter(sql, criteria)
    const [moved] = await sql<
      { affected: number; confirmed: number; mailed: number; confirmedIds: string[] }[]
    >`
      with released as (
        update signatures s
        set status = case when s.confirmed_at is not null then 'confirmed' else 'pending' end,
          hold_reason = null,
          confirmation_sent_at = case when s.confirmed_at is null then now()
            else s.confirmation_sent_at end
        where s.petition_id = ${petitionId} and s.status = 'held' and ${filter}
        returning s.id, s.status, s.email
      ), recorded as (
        insert into moderation_action_signatures (action_id, signature_id)
        select ${action!.id}, id from released
      ), mail as (
        -- The row enqueueEmail() writes for a confirmation, one per released pending signature.
        insert into outbound_emails (organization_id, template, to_address, props)
        select ${organizationId}, 'signature.confirm', email, jsonb_build_object('signatureId', id)
        from released where status = 'pending'
      )
      select count(*)::int as affected,
        count(*) filter (where ${countedSignature('released')})::int as confirmed,
        count(*) filter (where status = 'pending')::int as mailed,
        coalesce(array_agg(id::text) filter (where ${countedSignature('released')}), '{}')
          as confirmed_ids
      from released`
    if (moved!.affected === 0) {
      await sql`delete from moderation_actions where id = ${action!.id}`
      return { actionId: null, affected: 0, confirmed: 0, mailed: 0 }
    }
    await sql`update moderation_actions set affected = ${moved!.affected} where id = ${action!.id}`
    await recordCountDelta({ petitionId, delta: moved!.confirmed }, sql)
    // Signatures that count from now on are announced as a confirmed one is.
    await emitWebhookEvents(sql, 'signature.confirmed', moved!.confirmedIds)
    const { confirmedIds: _ids, ...counts } = moved!
    return { actionId: action!.id, ...counts }
  })
  return result
}

/**
 * Holds the petition's pending and confirmed signatures from an address
 * (or range) or an email domain made in the last `hours` hours: they leave
 * the count, and confirmations still queued for them are not sent. Null
 * when the petition is not the organization's.
 */
export async function holdSignatures({
  organizationId,
  petitionId,
  source,
  hours = 24,
  actorId = null,
}: {
  organizationId: string
  petitionId: string
  source: { cidr: string } | { domain: string }
  hours?: number
  actorId?: string | null
}): Promise<ModerationResult | null> {
  return db().begin(async (sql) => {
    if (!(await petitionInOrganization(sql, { organizationId, petitionId }))) return null
    const criteria: ModerationCriteria =
      'cidr' in source
        ? { type: 'ip', cidr: source.cidr }
        : { type: 'domain', domain: source.domain.toLowerCase() }
    const [action] = await sql<{ id: string }[]>`
      insert into moderation_actions (organization_id, petition_id, kind, criteria, created_by)
      values (${organizationId}, ${petitionId}, 'hold', ${sql.json(criteria)}, ${actorId})
      returning id`
    const [moved] = await sql<{ affected: number; confirmed: number }[]>`
      with target as (
        select s.id, s.status from signatures s
        where s.petition_id = ${petitionId} and s.status in ('pending', 'confirmed')
          and s.created_at > now() - ${hours} * interval '1 hour'
          and ${criteriaFilter(sql, criteria)}
        for update
      ), changed as (
        update signatures s set status = 'held', hold_reason = 'moderator'
        from target where s.id = target.id
        returning s.id, target.status as before
      ), recorded as (
        insert into moderation_action_signatures (action_id, signature_id)
        select ${action!.id}, id from changed
      ), unsent as (
        delete from outbound_emails e
        where e.status = 'queued' and e.template = 'signature.confirm'
          and e.props ->> 'signatureId' in (select id::text from changed)
      )
      select count(*)::int as affected,
        count(*) filter (where before = 'confirmed')::int as confirmed
      from changed`
    if (moved!.affected === 0) {
      await sql`delete from moderation_actions where id = ${action!.id}`
      return { actionId: null, affected: 0, confirmed: 0 }
    }
    await sql`update moderation_actions set affected = ${moved!.affected} where id = ${action!.id}`
    await recordCountDelta({ petitionId, delta: -moved!.confirmed }, sql)
    return { actionId: action!.id, ...moved! }
  })
}

/** The petition's moderation history, newest first. */
export async function listModerationActions({
  organizationId,
  petitionId,
  limit = 50,
}: {
  organizationId: string
  petitionId: string
  limit?: number
}): Promise<ModerationAction[]> {
  if (!isUuid(petitionId)) return []
  return db()<ModerationAction[]>`
    select a.id, a.kind, a.criteria, a.affected, a.created_at,
      cu.email as created_by_email, a.undone_at, uu.email as undone_by_email
    from moderation_actions a
    left join users cu on cu.id = a.created_by
    left join users uu on uu.id = a.undone_by
    where a.petition_id = ${petitionId} and a.organization_id = ${organizationId}
    order by a.created_at desc
    limit ${limit}`
}

/** A short human description of what an action matched. */
export function describeCriteria(criteria: ModerationAction['criteria']): string {
  switch (criteria.type) {
    case 'selection':
      return `${criteria.signatureIds.length} selected`
    case 'ip':
      return `IP ${criteria.cidr}`
    case 'domain':
      return `email domain ${criteria.domain}`
    case 'window':
      return `signed between ${new Date(criteria.from).toISOString().slice(0, 16).replace('T', ' ')} and ${new Date(criteria.to).toISOString().slice(0, 16).replace('T', ' ')} UTC`
    case 'held':
      return criteria.signatureIds ? `${criteria.signatureIds.length} held, selected` : 'all held'
  }
}
