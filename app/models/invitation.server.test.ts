import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server'
import { makeOrganizer } from '../../tests/helpers/organizers'
import {
  AlreadyMemberError,
  createInvitation,
  createInvitationToken,
  getInvitation,
  listPendingInvitations,
} from './invitation.server'

describe('invitations', () => {
  it('renews a pending invitation to the same address instead of adding one', async () => {
    const { user, organization } = await makeOrganizer({ organizationName: 'Renew Org' })
    const input = { organizationId: organization.id, invitedBy: user.id }
    const first = await createInvitation({ ...input, email: 'Pat@Example.org', role: 'organizer' })
    const second = await createInvitation({ ...input, email: 'pat@example.org', role: 'admin' })
    expect(second.id).toBe(first.id)
    const pending = await listPendingInvitations({ organizationId: organization.id })
    expect(pending).toHaveLength(1)
    expect(pending[0]).toMatchObject({ email: 'pat@example.org', role: 'admin' })
    const [mails] = await db()<{ n: number }[]>`
      select count(*)::int as n from outbound_emails
      where template = 'account.invitation' and props->>'invitationId' = ${first.id}`
    expect(mails!.n).toBe(2)

    // Only the newest link works: each send replaces the stored hash.
    const a = await createInvitationToken({ invitationId: first.id })
    const b = await createInvitationToken({ invitationId: first.id })
    expect(await getInvitation(a!.token)).toBeNull()
    expect(await getInvitation(b!.token)).toMatchObject({ state: 'valid', role: 'admin' })
  })

  it('refuses to invite someone who is already a member', async () => {
    const { user, organization } = await makeOrganizer({ organizationName: 'Member Org' })
    await expect(
      createInvitation({
        organizationId: organization.id,
        invitedBy: user.id,
        email: user.email.toUpperCase(),
        role: 'organizer',
      }),
    ).rejects.toBeInstanceOf(AlreadyMemberError)
  })
})
