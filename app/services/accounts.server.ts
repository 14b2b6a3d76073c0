import { createInvitation } from '~/models/invitation.server'
import { requestPasswordReset } from '~/models/password-reset.server'
import { QUEUES, wake } from '~/utils/jobs.server'

/**
 * Organizers' accounts: what queues mail to them (an invitation, a
 * password reset) wakes the mail job after the commit.
 */

/** Invites someone to the organization; AlreadyMemberError for a member. */
export async function invite(input: Parameters<typeof createInvitation>[0]) {
  const invitation = await createInvitation(input)
  await wake(QUEUES.mailOutbound)
  return invitation
}

/** Mails a reset link when the account exists (within its hourly cap); answers nothing either way. */
export async function askForPasswordReset(email: string): Promise<void> {
  if (await requestPasswordReset({ email })) await wake(QUEUES.mailOutbound)
}
