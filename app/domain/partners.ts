/*
 * Partner organizations on a petition (decision 043; their states in
 * states.ts, their labels in labels.ts). `invited` until the partner's
 * admin answers; `active` partners are named on the public page, offered
 * to signers (one consent box each) and see the petition in their
 * dashboard; `declined` and `ended` ones are none of that (signatures that
 * came through them stay in the count).
 */
import { normalizeSource } from './sources'

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
