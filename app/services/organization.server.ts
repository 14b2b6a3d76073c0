import { DomainError } from '~/domain/errors'
import { may } from '~/domain/permissions'
import type { MembershipRole } from '~/domain/states'
import {
  getOrganizationContact,
  setOrganizationContact,
  type OrganizationContact,
} from '~/models/organization.server'

export { getOrganizationContact, type OrganizationContact }

/** Sets what the public pages' footer says of the organization (admins only). */
export async function updateOrganizationContact({
  organizationId,
  role,
  contactEmail,
  privacyUrl,
}: {
  organizationId: string
  role: MembershipRole
  contactEmail: string | null
  privacyUrl: string | null
}): Promise<void> {
  if (!may(role, 'manageOrganization'))
    throw new DomainError('conflict', 'Only an admin can change the organization’s contact.')
  await setOrganizationContact({ organizationId, contactEmail, privacyUrl })
}
