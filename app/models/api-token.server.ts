import { DomainError } from '~/domain/errors'
import { may } from '~/domain/permissions'
import crypto from 'node:crypto'
import { db } from '~/utils/db.server'
import type { Organizer } from './organizer.server'

/**
 * API tokens: 32 random bytes, shown once, stored as their SHA-256 hash.
 * A token acts as one user in one organization, for as long as that
 * membership exists and the token is not revoked.
 */
export const TOKEN_PREFIX = 'vigil_'

export interface ApiToken {
  id: string
  name: string
  userId: string
  userEmail: string
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
}

export function hashApiToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token).digest()
}

export class NotAMemberError extends DomainError {
  constructor() {
    super('invalid', 'That user is not a member of that organization.')
  }
}

/** Creates a token and returns it in plain text: the only time it is seen. */
export async function createApiToken(input: {
  userId: string
  organizationId: string
  name: string
}): Promise<{ id: string; token: string }> {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url')
  try {
    const [row] = await db()<{ id: string }[]>`
      insert into api_tokens (user_id, organization_id, name, token_hash)
      values (${input.userId}, ${input.organizationId}, ${input.name}, ${hashApiToken(token)})
      returning id`
    return { id: row!.id, token }
  } catch (error) {
    if ((error as { code?: string }).code === '23503') throw new NotAMemberError()
    throw error
  }
}

export async function listApiTokens({
  organizationId,
}: {
  organizationId: string
}): Promise<ApiToken[]> {
  return db()<ApiToken[]>`
    select t.id, t.name, t.user_id, u.email as user_email, t.created_at, t.last_used_at,
      t.revoked_at
    from api_tokens t join users u on u.id = t.user_id
    where t.organization_id = ${organizationId}
    order by t.revoked_at is not null, t.created_at desc`
}

/**
 * Revokes a token of the organization. An admin may revoke any; an
 * organizer only their own. Returns false when there is no such token.
 */
export async function revokeApiToken({
  id,
  organizer,
}: {
  id: string
  organizer: Pick<Organizer, 'userId' | 'organizationId' | 'role'>
}): Promise<boolean> {
  const rows = await db()`
    update api_tokens set revoked_at = coalesce(revoked_at, now())
    where id = ${id} and organization_id = ${organizer.organizationId}
      and (${may(organizer.role, 'manageAllTokens')} or user_id = ${organizer.userId})
    returning id`
  return rows.length > 0
}

/** How stale last_used_at may get: one write per token per minute at most. */
const LAST_USED_GRANULARITY = '1 minute'

/** The organizer a live token acts as, or null for an unknown or revoked one. */
export async function getOrganizerForApiToken(token: string): Promise<Organizer | null> {
  const [row] = await db()<(Organizer & { id: string; stale: boolean })[]>`
    select t.id, u.id as user_id, u.email, u.name, o.id as organization_id,
      o.name as organization_name, m.role,
      (t.last_used_at is null
        or t.last_used_at < now() - ${LAST_USED_GRANULARITY}::interval) as stale
    from api_tokens t
    join memberships m on m.user_id = t.user_id and m.organization_id = t.organization_id
    join users u on u.id = t.user_id
    join organizations o on o.id = t.organization_id
    where t.token_hash = ${hashApiToken(token)} and t.revoked_at is null`
  if (!row) return null
  const { id, stale, ...organizer } = row
  if (stale) await db()`update api_tokens set last_used_at = now() where id = ${id}`
  return organizer
}
