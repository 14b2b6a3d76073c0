import crypto from 'node:crypto'
import { db } from '~/utils/db.server'
import type { MembershipRole } from '~/domain/states'

/** A signed-in person acting for one organization they belong to. */
export interface Organizer {
  userId: string
  email: string
  name: string | null
  organizationId: string
  organizationName: string
  role: MembershipRole
}

/**
 * A short fingerprint of the password hash: kept in the session so that a
 * password change (a reset) ends every other session. Not a secret by itself.
 */
export function passwordStamp(passwordHash: string | null): string {
  return crypto
    .createHash('sha256')
    .update(passwordHash ?? '')
    .digest('base64url')
    .slice(0, 16)
}

/**
 * The user as a member of that organization, or null when the membership
 * does not exist (any more).
 */
export async function getOrganizerMembership({
  userId,
  organizationId,
}: {
  userId: string
  organizationId: string
}): Promise<(Organizer & { passwordStamp: string }) | null> {
  const [row] = await db()<(Organizer & { passwordHash: string | null })[]>`
    select u.id as user_id, u.email, u.name, u.password_hash,
      o.id as organization_id, o.name as organization_name, m.role
    from memberships m
    join users u on u.id = m.user_id
    join organizations o on o.id = m.organization_id
    where m.user_id = ${userId} and m.organization_id = ${organizationId}`
  if (!row) return null
  const { passwordHash, ...organizer } = row
  return { ...organizer, passwordStamp: passwordStamp(passwordHash) }
}

export interface MembershipSummary {
  organizationId: string
  organizationName: string
  role: MembershipRole
}

/** The organizations a user belongs to, admin roles first, then by name. */
export async function listMemberships({
  userId,
}: {
  userId: string
}): Promise<MembershipSummary[]> {
  return db()<MembershipSummary[]>`
    select o.id as organization_id, o.name as organization_name, m.role
    from memberships m join organizations o on o.id = m.organization_id
    where m.user_id = ${userId}
    order by (m.role = 'admin') desc, o.name, o.id`
}
