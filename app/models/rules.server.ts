import {
  DEADLINE_SUSPENDED_CASE_STATUSES,
  PETITION_STATUSES,
  SIGNATURE_STATUSES,
  acceptsSignatures,
  isCounted,
  isPublished,
} from '~/domain/states'
import { db } from '~/utils/db.server'

/**
 * Domain rules as SQL, each written once and built from the rules in
 * domain/states.ts, so the two cannot disagree: a query that asks "does
 * this signature count?" or "is this petition published?" nests one of
 * these fragments instead of spelling the rule out. `alias` is the table's
 * alias in the query (a constant of the caller's, never input).
 */

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ')

/** The counted statuses as an SQL list, for rules written as constant text (a letter's). */
export const COUNTED = list(SIGNATURE_STATUSES.filter(isCounted))
const PUBLISHED = list(PETITION_STATUSES.filter(isPublished))
const SUSPENDED = list(DEADLINE_SUSPENDED_CASE_STATUSES)
const ACCEPTING = list(PETITION_STATUSES.filter(acceptsSignatures))

/** A signature counts exactly when isCounted says so (confirmed: not pending, held or invalidated). */
export function countedSignature(alias: string) {
  return db().unsafe(`${alias}.status in (${COUNTED})`)
}

/** The public sees a petition once it is published (isPublished: out of draft). */
export function publishedPetition(alias: string) {
  return db().unsafe(`${alias}.status in (${PUBLISHED})`)
}

/** A petition takes signatures exactly when acceptsSignatures says so (open). */
export function acceptingPetition(alias: string) {
  return db().unsafe(`${alias}.status in (${ACCEPTING})`)
}

/**
 * A case's next date is in force: set, and not suspended by a stay or a
 * reprieve (DEADLINE_SUSPENDED_CASE_STATUSES). Mail timed by the deadline
 * and the last letter digest before it wait while it is not.
 */
export function deadlineInForce(alias: string) {
  return db().unsafe(`(${alias}.next_date is not null and ${alias}.status not in (${SUSPENDED}))`)
}

/**
 * A signature whose signer let only partner organizations contact them
 * (decision 043): the petition's own organization still counts and
 * moderates it, but sees it without the email.
 */
export function partnerOnlySignature(alias: string) {
  return db().unsafe(partnerOnlyText(alias))
}

/** The email as the petition's organization sees it: none for a partner-only signer. */
export function leadVisibleEmail(alias: string) {
  return db().unsafe(leadVisibleEmailText(alias))
}

/** The same as constant text, for a COPY (which takes no fragments). */
export function leadVisibleEmailText(alias: string): string {
  return `case when ${partnerOnlyText(alias)} then '' else ${alias}.email end`
}

function partnerOnlyText(alias: string): string {
  return `(not ${alias}.subscribe and exists (select 1 from signature_partner_consents pc_ where pc_.signature_id = ${alias}.id))`
}
