import type { MembershipRole } from './states'

/**
 * Who may do what inside an organization, in one table. Everything else
 * an organizer does (cases, petitions, moderation, exports, campaigns and
 * outreach: "who may send") is open to every member, admin or organizer;
 * what they may touch at all is their own organization's, which every
 * model query says in its WHERE. The public sees published petitions only
 * (isPublished in states.ts).
 */
export const PERMISSIONS = {
  /** Invite people, change roles, remove members. */
  manageTeam: ['admin'],
  /** See and revoke every API token of the organization (others: their own). */
  manageAllTokens: ['admin'],
  /** The organization's own settings (its time zone, when its daily mail goes). */
  manageOrganization: ['admin'],
  /** Export or erase what the organization holds about one person; edit its privacy notice (decision 037). */
  managePrivacy: ['admin'],
  /** Read the audit log of organizer actions (decision 038). */
  readAuditLog: ['admin'],
  /**
   * Invite partner organizations onto a petition, answer an invitation, end
   * a partnership (decision 043). A partner's members may only read the
   * petition's numbers and its own consenting supporters
   * (services/partners.server.ts).
   */
  managePartners: ['admin'],
  /** Send mail to signers and officials: campaigns, outreach, letter digests again. */
  sendMail: ['admin', 'organizer'],
} as const satisfies Record<string, readonly MembershipRole[]>

export type Permission = keyof typeof PERMISSIONS

export function may(role: MembershipRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly MembershipRole[]).includes(role)
}
