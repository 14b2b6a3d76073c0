import {
  CLEMENCY_RULES,
  clemencyCode,
  clemencyRule,
  clemencyWords,
  decisionRoles,
  describeClemency,
  targetsADecider,
  type ClemencyRule,
} from '~/domain/clemency'
import { DomainError, NOT_VALID } from '~/domain/errors'
import { OFFICIAL_ROLE_LABELS } from '~/domain/labels'
import type { ClemencyStructure, OfficialRole } from '~/domain/states'
import type { Language } from '~/utils/i18n'
import {
  deleteClemencyOverride,
  getClemencyOverride,
  listClemencyOverrides,
  saveClemencyOverride,
  type ClemencyOverride,
} from '~/models/clemency-override.server'

/**
 * Who decides clemency for an organization's cases: the row of
 * domain/clemency.ts for the case's jurisdiction, as the organization
 * corrected it (a correction is the organization's word, shown as such).
 */
export interface EffectiveClemencyRule extends ClemencyRule {
  corrected: boolean
}

function merge(rule: ClemencyRule, override: ClemencyOverride | null): EffectiveClemencyRule {
  if (!override) return { ...rule, corrected: false }
  return {
    ...rule,
    structure: override.structure,
    board: override.board,
    note: override.note,
    sourceUrl: override.sourceUrl ?? rule.sourceUrl,
    // The organization's own word: not checked by Vigil.
    verified: false,
    corrected: true,
  }
}

/** The rule for a jurisdiction (free text, e.g. "Texas"), for this organization; null if unknown. */
export async function clemencyRuleFor({
  organizationId,
  jurisdiction,
}: {
  organizationId: string
  jurisdiction: string
}): Promise<EffectiveClemencyRule | null> {
  const code = clemencyCode(jurisdiction)
  const rule = code ? clemencyRule(code) : null
  if (!rule) return null
  return merge(rule, await getClemencyOverride(organizationId, rule.code))
}

/** Every row, as the organization sees it. */
export async function listClemencyRules(organizationId: string): Promise<EffectiveClemencyRule[]> {
  const overrides = new Map(
    (await listClemencyOverrides(organizationId)).map((o) => [o.jurisdictionCode, o]),
  )
  return CLEMENCY_RULES.map((rule) => merge(rule, overrides.get(rule.code) ?? null))
}

/**
 * What the public case and petition pages say, with the source to check it:
 * `words` in the reader's language where Vigil has them (each with its
 * language, for the page to mark), `text` the same in one string.
 */
export interface ClemencyExplanation {
  text: string
  words: { text: string; language: Language }[]
  sourceUrl: string
  verified: boolean
  corrected: boolean
}

export async function explainClemency(input: {
  organizationId: string
  jurisdiction: string
  language?: string
}): Promise<ClemencyExplanation | null> {
  const rule = await clemencyRuleFor(input)
  if (!rule) return null
  const words = clemencyWords(rule, input.language)
  return {
    text: words.map((w) => w.text).join(' '),
    words,
    sourceUrl: rule.sourceUrl,
    verified: rule.verified,
    corrected: rule.corrected,
  }
}

/**
 * The roles a case in this jurisdiction needs among its decision makers,
 * those it lacks, and who only advises: what the dashboard proposes when a
 * case is created.
 */
export async function proposeDecisionRoles(input: {
  organizationId: string
  jurisdiction: string
  present: OfficialRole[]
}): Promise<
  | (ClemencyExplanation & {
      structure: ClemencyStructure
      decide: OfficialRole[]
      advise: OfficialRole[]
      missing: OfficialRole[]
    })
  | null
> {
  const rule = await clemencyRuleFor(input)
  if (!rule) return null
  const { decide, advise } = decisionRoles(rule)
  const words = clemencyWords(rule)
  return {
    structure: rule.structure,
    text: words.map((w) => w.text).join(' '),
    words,
    sourceUrl: rule.sourceUrl,
    verified: rule.verified,
    corrected: rule.corrected,
    decide,
    advise,
    missing: [...decide, ...advise].filter((r) => !input.present.includes(r)),
  }
}

/**
 * A warning for a petition whose targets include no one who can decide
 * clemency in its case's jurisdiction (null when someone can). Shown before
 * a petition is published; it does not stop it.
 */
export async function decisionWarning(input: {
  organizationId: string
  jurisdiction: string
  targetRoles: (OfficialRole | null)[]
}): Promise<string | null> {
  const rule = await clemencyRuleFor(input)
  if (targetsADecider(rule, input.targetRoles)) return null
  const decide = rule
    ? decisionRoles(rule).decide
    : ['governor', 'president', 'parole_board_member']
  const who = decide.map((r) => OFFICIAL_ROLE_LABELS[r as OfficialRole].toLowerCase()).join(' or ')
  const where = rule ? ` (${describeClemency(rule)})` : ''
  return input.targetRoles.length === 0
    ? `This petition targets no one: nobody who decides clemency will receive it${where}.`
    : `None of this petition's targets can decide clemency: add the ${who} to the case's decision makers and the petition's targets${where}.`
}

export class UnknownJurisdictionError extends DomainError {
  constructor() {
    super('not_found', 'There is no such jurisdiction in the list.')
  }
}

/** Corrects a row for the organization's own cases (or, with `structure` null, reverts it). */
export async function correctClemencyRule(input: {
  organizationId: string
  code: string
  structure: ClemencyStructure | null
  board: string | null
  note: string | null
  sourceUrl: string | null
  actorId: string | null
}): Promise<void> {
  if (!clemencyRule(input.code)) throw new UnknownJurisdictionError()
  if (input.structure === null) return deleteClemencyOverride(input.organizationId, input.code)
  if (input.structure === 'governor_on_board_recommendation' && !input.board)
    throw new DomainError('invalid', NOT_VALID, {
      board: ['Name the board whose recommendation the governor needs.'],
    })
  await saveClemencyOverride({ ...input, structure: input.structure })
}

/** decisionWarning for one of the organization's petitions as it stands (null: someone decides). */
export async function petitionDecisionWarning(petition: {
  organizationId: string
  case: { jurisdiction: string }
  targets: { role: OfficialRole | null }[]
}): Promise<string | null> {
  return decisionWarning({
    organizationId: petition.organizationId,
    jurisdiction: petition.case.jurisdiction,
    targetRoles: petition.targets.map((t) => t.role),
  })
}
