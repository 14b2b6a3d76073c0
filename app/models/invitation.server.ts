import { DomainError } from '~/domain/errors'
import crypto from 'node:crypto'
import { db } from '~/utils/db.server'
import { hashPassword, verifyPassword } from '~/utils/password.server'
import { enqueueEmail } from './outbound-email.server'
import type { MembershipRole } from '~/domain/states'
import { userEmailKey } from './user.server'

/**
 * An admin invites someone by email to join the organization with a role.
 * The invitation's link token is made when the mail is rendered and only its
 * hash is stored; re-inviting the same address renews the pending invitation.
 * Whoever holds the link joins: as a new account (name and password) or, when
 * the address already has an account, by giving that account's password.
 */
export const INVITATION_DAYS = 7

function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token).digest()
}

export class AlreadyMemberError extends DomainError {
  constructor(email: string) {
    const message = `${email} is already a member of this organization.`
    super('invalid', message, { email: [message] })
  }
}

export interface PendingInvitation {
  id: string
  email: string
  role: MembershipRole
  expiresAt: Date
  createdAt: Date
}

export async function createInvitation(input: {
  organizationId: string
  email: string
  role: MembershipRole
  invitedBy: string
}): Promise<{ id: string }> {
  const email = input.email.trim()
  const key = userEmailKey(email)
  const invitation = await db().begin(async (sql) => {
    const [member] = await sql`
      select 1 from memberships m join users u on u.id = m.user_id
      where m.organization_id = ${input.organizationId} and u.email_canonical = ${key}`
    if (member) throw new AlreadyMemberError(email)
    const [row] = await sql<{ id: string }[]>`
      insert into invitations (organization_id, email, email_canonical, role, invited_by, expires_at)
      values (${input.organizationId}, ${email}, ${key}, ${input.role}, ${input.invitedBy},
        now() + ${INVITATION_DAYS} * interval '1 day')
      on conflict (organization_id, email_canonical) where accepted_at is null
      do update set email = excluded.email, role = excluded.role,
        invited_by = excluded.invited_by, expires_at = excluded.expires_at, token_hash = null
      returning id`
    await enqueueEmail(
      {
        organizationId: input.organizationId,
        template: 'account.invitation',
        to: email,
        props: { invitationId: row!.id },
      },
      sql,
    )
    return row!
  })
  return invitation
}

export async function listPendingInvitations({
  organizationId,
}: {
  organizationId: string
}): Promise<PendingInvitation[]> {
  return db()<PendingInvitation[]>`
    select id, email, role, expires_at, created_at from invitations
    where organization_id = ${organizationId} and accepted_at is null
    order by created_at desc`
}

/** Withdraws a pending invitation; false when there is none of that id. */
export async function revokeInvitation({
  id,
  organizationId,
}: {
  id: string
  organizationId: string
}): Promise<boolean> {
  const rows = await db()`
    delete from invitations
    where id = ${id} and organization_id = ${organizationId} and accepted_at is null
    returning id`
  return rows.length > 0
}

export interface InvitationMailContext {
  email: string
  role: MembershipRole
  organizationName: string
  inviterName: string | null
}

/**
 * At send time: a fresh token for a pending, unexpired invitation (replacing
 * any earlier one) and what the mail says; null when it is no longer needed.
 */
export async function createInvitationToken({
  invitationId,
}: {
  invitationId: string
}): Promise<{ token: string; context: InvitationMailContext } | null> {
  const token = crypto.randomBytes(32).toString('base64url')
  const [row] = await db()<InvitationMailContext[]>`
    update invitations i set token_hash = ${hashToken(token)}
    from organizations o
    where i.id = ${invitationId} and o.id = i.organization_id
      and i.accepted_at is null and i.expires_at > now()
    returning i.email, i.role, o.name as organization_name,
      (select coalesce(u.name, u.email) from users u where u.id = i.invited_by) as inviter_name`
  return row ? { token, context: row } : null
}

export interface InvitationView {
  state: 'valid' | 'expired' | 'accepted'
  email: string
  role: MembershipRole
  organizationName: string
  /** The address already has an account: joining asks for its password. */
  hasAccount: boolean
}

export async function getInvitation(token: string): Promise<InvitationView | null> {
  const [row] = await db()<
    (Omit<InvitationView, 'state'> & { accepted: boolean; expired: boolean })[]
  >`
    select i.email, i.role, o.name as organization_name,
      i.accepted_at is not null as accepted, i.expires_at < now() as expired,
      exists (select 1 from users u where u.email_canonical = i.email_canonical) as has_account
    from invitations i join organizations o on o.id = i.organization_id
    where i.token_hash = ${hashToken(token)}`
  if (!row) return null
  const { accepted, expired, ...view } = row
  return { ...view, state: accepted ? 'accepted' : expired ? 'expired' : 'valid' }
}

export type AcceptResult =
  | { result: 'accepted'; userId: string; organizationId: string }
  | { result: 'expired' | 'accepted-before' | 'wrong-password' | 'needs-account' }

/**
 * Joins the organization through the link: creates the account (name and
 * password) or, for an address with an account, checks its password.
 */
export async function acceptInvitation({
  token,
  name,
  password,
}: {
  token: string
  name?: string
  password: string
}): Promise<AcceptResult | null> {
  return db().begin(async (sql) => {
    const [inv] = await sql<
      {
        id: string
        organizationId: string
        email: string
        emailCanonical: string
        role: MembershipRole
        accepted: boolean
        expired: boolean
      }[]
    >`
      select id, organization_id, email, email_canonical, role,
        accepted_at is not null as accepted, expires_at < now() as expired
      from invitations where token_hash = ${hashToken(token)}
      for update`
    if (!inv) return null
    if (inv.accepted) return { result: 'accepted-before' as const }
    if (inv.expired) return { result: 'expired' as const }
    const [existing] = await sql<{ id: string; passwordHash: string | null }[]>`
      select id, password_hash from users where email_canonical = ${inv.emailCanonical}
      for update`
    let userId: string
    if (existing) {
      if (!existing.passwordHash || !(await verifyPassword(existing.passwordHash, password)))
        return { result: 'wrong-password' as const }
      userId = existing.id
    } else {
      if (!name) return { result: 'needs-account' as const }
      const passwordHash = await hashPassword(password)
      const [created] = await sql<{ id: string }[]>`
        insert into users (email, email_canonical, name, password_hash)
        values (${inv.email}, ${inv.emailCanonical}, ${name}, ${passwordHash})
        returning id`
      userId = created!.id
    }
    await sql`
      insert into memberships (organization_id, user_id, role)
      values (${inv.organizationId}, ${userId}, ${inv.role})
      on conflict (organization_id, user_id) do nothing`
    await sql`update invitations set accepted_at = now() where id = ${inv.id}`
    return { result: 'accepted' as const, userId, organizationId: inv.organizationId }
  })
}
