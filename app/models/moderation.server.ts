import { DomainError } from '~/domain/errors'
import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { countedSignature } from './rules.server'
import { recordCountDelta } from './count.server'
import { emitWebhookEvents } from './webhook-event.server'
import { isUuid } from '~/utils/uuid'
import type { ModerationActionKind } from '~/domain/states'

/**
 * Moderation: invalidating signatures by selection, IP or CIDR, email domain
 * or time window; undoing it; releasing held signatures. Each action is
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

/**
 * Releases held signatures (all of the petition's, or the selected ones):
 * confirmed if the signer clicked the link, else pending. Null when the
 * petition is not the organization's.
 */
export async function releaseHeldSignatures({
  organizationId,
  petitionId,
  signatureIds,
  actorId = null,
}: {
  organizationId: string
  petitionId: string
  signatureIds?: string[]
  actorId?: string | null
}): Promise<ModerationResult | null> {
  const result = await db().begin(async (sql) => {
    if (!(await petitionInOrganization(sql, { organizationId, petitionId }))) return null
    const criteria = signatureIds
      ? { type: 'held', signatureIds: signatureIds.filter(isUuid) }
      : { type: 'held' }
    const [action] = await sql<{ id: string }[]>`
      insert into moderation_actions (organization_id, petition_id, kind, criteria, created_by)
      values (${organizationId}, ${petitionId}, 'release', ${sql.json(criteria)}, ${actorId})
      returning id`
    const [moved] = await sql<{ affected: number; confirmed: number; confirmedIds: string[] }[]>`
      with released as (
        update signatures s
        set status = case when s.confirmed_at is not null then 'confirmed' else 'pending' end
        where s.petition_id = ${petitionId} and s.status = 'held'
          and ${signatureIds ? sql`s.id = any(${signatureIds.filter(isUuid)}::uuid[])` : sql`true`}
        returning s.id, s.status
      ), recorded as (
        insert into moderation_action_signatures (action_id, signature_id)
        select ${action!.id}, id from released
      )
      select count(*)::int as affected,
        count(*) filter (where ${countedSignature('released')})::int as confirmed,
        coalesce(array_agg(id::text) filter (where ${countedSignature('released')}), '{}')
          as confirmed_ids
      from released`
    if (moved!.affected === 0) {
      await sql`delete from moderation_actions where id = ${action!.id}`
      return { actionId: null, affected: 0, confirmed: 0 }
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
