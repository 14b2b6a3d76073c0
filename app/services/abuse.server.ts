import { addAbuseRule, removeAbuseRule, type AbuseTarget } from '~/models/abuse.server'
import type { AbuseRuleKind } from '~/domain/states'

/**
 * An organization's block and allow lists (decision 026), managed at
 * /dashboard/abuse. A change applies to the next signature (the sign
 * statement reads the lists); signatures already made are held or released
 * on a petition's page. AbuseRuleExistsError for an entry already listed.
 */
export function addToAbuseList(input: {
  organizationId: string
  kind: AbuseRuleKind
  target: AbuseTarget
  note: string | null
  actorId: string
}): Promise<void> {
  return addAbuseRule(input)
}

/** False when the organization has no such entry. */
export function removeFromAbuseList(input: {
  organizationId: string
  ruleId: string
}): Promise<boolean> {
  return removeAbuseRule(input)
}
