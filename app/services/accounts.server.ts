import type { MembershipRole } from '~/domain/states'
import { createApiToken, revokeApiToken } from '~/models/api-token.server'
import { recordAudit } from '~/models/audit-log.server'
import { createInvitation } from '~/models/invitation.server'
import type { Organizer } from '~/models/organizer.server'
import { requestPasswordReset } from '~/models/password-reset.server'
import { getUserById, updateMembership } from '~/models/user.server'
import { QUEUES, wake } from '~/utils/jobs.server'

/**
 * Organizers' accounts: what queues mail to them (an invitation, a
 * password reset) wakes the mail job after the commit; team changes and
 * API tokens are written to the audit log (decision 038).
 */

/** Invites someone to the organization; AlreadyMemberError for a member. */
export async function invite(input: Parameters<typeof createInvitation>[0]) {
  const invitation = await createInvitation(input)
  await wake(QUEUES.mailOutbound)
  await recordAudit({
    organizationId: input.organizationId,
    actorId: input.invitedBy,
    action: 'team.invited',
    subjectType: 'invitation',
    subjectId: invitation.id,
    summary: `Invited ${input.email} as ${input.role}`,
    details: { email: input.email, role: input.role },
  })
  return invitation
}

/**
 * Changes a member's role, or removes them (`role: null`). False when they
 * are not a member; LastAdminError when no admin would be left.
 */
export async function changeMembership(input: {
  organizationId: string
  userId: string
  role: MembershipRole | null
  actorId: string | null
}): Promise<boolean> {
  const member = await getUserById(input.userId)
  const found = await updateMembership(input)
  if (found)
    await recordAudit({
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: input.role ? 'team.role_changed' : 'team.removed',
      subjectType: 'user',
      subjectId: input.userId,
      summary: input.role
        ? `${member?.email ?? 'A member'} is now ${input.role}`
        : `${member?.email ?? 'A member'} removed from the organization`,
      details: { role: input.role },
    })
  return found
}

/** A new API token for the organizer (shown once); `actorId` null from the command line. */
export async function createToken(input: {
  userId: string
  organizationId: string
  name: string
  actorId: string | null
}): Promise<{ id: string; token: string }> {
  const created = await createApiToken(input)
  const owner = input.actorId === input.userId ? null : await getUserById(input.userId)
  await recordAudit({
    organizationId: input.organizationId,
    actorId: input.actorId,
    action: 'token.created',
    subjectType: 'api_token',
    subjectId: created.id,
    summary: `API token "${input.name}" created${owner ? ` for ${owner.email}` : ''}`,
  })
  return created
}

export async function revokeToken(input: {
  id: string
  organizer: Pick<Organizer, 'userId' | 'organizationId' | 'role'>
}): Promise<boolean> {
  const revoked = await revokeApiToken(input)
  if (revoked)
    await recordAudit({
      organizationId: input.organizer.organizationId,
      actorId: input.organizer.userId,
      action: 'token.revoked',
      subjectType: 'api_token',
      subjectId: input.id,
      summary: 'API token revoked',
    })
  return revoked
}

/** Mails a reset link when the account exists (within its hourly cap); answers nothing either way. */
export async function askForPasswordReset(email: string): Promise<void> {
  if (await requestPasswordReset({ email })) await wake(QUEUES.mailOutbound)
}
