import { normalizeSource } from './sources'
import type { PartnerStatus } from './states'

export type { PartnerStatus } from './states'

/**
 * Partner organizations on a petition (decision 043; the states in
 * states.ts). `invited` until the
 * partner's admin answers; `active` partners are named on the public page,
 * offered to signers (one consent box each) and see the petition in their
 * dashboard; `declined` and `ended` ones are none of that (signatures that
 * came through them stay in the count).
 */
export const PARTNER_STATUS_LABELS: Record<PartnerStatus, string> = {
  invited: 'Invited',
  active: 'Partner',
  declined: 'Declined',
  ended: 'Ended',
}

/**
 * The `source` a partner's links and embed carry (decision 035's rule):
 * its organization's slug, or `partner-` and its id where the slug does
 * not fit.
 */
export function partnerSource(slug: string, organizationId: string): string {
  return normalizeSource(slug.slice(0, 64)) ?? `partner-${organizationId.slice(0, 8)}`
}

/** At most this many partner boxes on one sign form (and ids read from one post). */
export const MAX_PARTNERS = 20
