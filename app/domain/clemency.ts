import type { ClemencyStructure, OfficialRole } from './states'

/**
 * Who decides clemency where Vigil's cases are: every US state that has the
 * death penalty, the federal system and the military. Pure data with its
 * rules, for the browser and the server alike.
 *
 * `verified` says whether the structure (who decides) was checked against a
 * copy of `sourceUrl`, not against the live page: the copies were read on
 * 2026-11-29 and the law changes. Board names and notes were not part of the
 * check. An organization corrects a row for its own cases in the dashboard
 * (clemency_overrides); nothing here is edited to suit one case.
 */
export interface ClemencyRule {
  /** ISO 3166-2 for a state (US-TX); US-FED and US-MIL for the federal system and the military. */
  code: string
  name: string
  structure: ClemencyStructure
  /** The board that recommends, advises or decides, where there is one. */
  board: string | null
  /** A sentence more, where the structure alone would mislead. */
  note: string | null
  sourceUrl: string
  verified: boolean
}

const DPIC = 'https://deathpenaltyinfo.org/facts-and-research/clemency/clemency-by-state'

type Row = [
  code: string,
  name: string,
  structure: ClemencyStructure,
  board: string | null,
  note: string | null,
  sourceUrl: string,
  verified: boolean,
]

// prettier-ignore
const ROWS: Row[] = [
  ['US-AL', 'Alabama', 'governor_alone', null, null, DPIC, true],
  ['US-AZ', 'Arizona', 'governor_on_board_recommendation', 'Board of Executive Clemency', null, DPIC, true],
  ['US-AR', 'Arkansas', 'governor_alone', 'Parole Board', null, DPIC, true],
  ['US-CA', 'California', 'governor_alone', null, 'For a person twice convicted of a felony, the governor needs the recommendation of the state Supreme Court.', DPIC, true],
  ['US-FL', 'Florida', 'board_with_governor', 'Board of Executive Clemency', null, DPIC, true],
  ['US-GA', 'Georgia', 'board_alone', 'State Board of Pardons and Paroles', null, DPIC, true],
  ['US-ID', 'Idaho', 'governor_on_board_recommendation', 'Commission of Pardons and Parole', null, DPIC, true],
  ['US-IN', 'Indiana', 'governor_alone', 'Parole Board', null, DPIC, true],
  ['US-KS', 'Kansas', 'governor_alone', 'Prisoner Review Board', null, DPIC, true],
  ['US-KY', 'Kentucky', 'governor_alone', null, null, DPIC, true],
  ['US-LA', 'Louisiana', 'governor_on_board_recommendation', 'Board of Pardons', 'The board’s recommendation must be unanimous.', DPIC, true],
  ['US-MS', 'Mississippi', 'governor_alone', null, null, DPIC, true],
  ['US-MO', 'Missouri', 'governor_alone', 'Board of Probation and Parole', null, DPIC, true],
  ['US-MT', 'Montana', 'governor_alone', 'Board of Pardons and Parole', null, DPIC, true],
  ['US-NE', 'Nebraska', 'board_with_governor', 'Board of Pardons', 'The board is the governor, the attorney general and the secretary of state.', 'https://law.justia.com/codes/nebraska/2017/chapter-83/statute-83-1-126/', true],
  ['US-NV', 'Nevada', 'board_with_governor', 'State Board of Pardons Commissioners', 'The board is the governor, the justices of the Supreme Court and the attorney general.', 'https://parole.nv.gov/Information/Forms_Pages/Pardons_Board_Application/', true],
  ['US-NC', 'North Carolina', 'governor_alone', null, null, DPIC, true],
  ['US-OH', 'Ohio', 'governor_alone', 'Parole Board', null, DPIC, true],
  ['US-OK', 'Oklahoma', 'governor_on_board_recommendation', 'Pardon and Parole Board', null, DPIC, true],
  ['US-OR', 'Oregon', 'governor_alone', null, null, DPIC, true],
  ['US-PA', 'Pennsylvania', 'governor_on_board_recommendation', 'Board of Pardons', 'The board’s recommendation must be unanimous.', 'https://www.pa.gov/agencies/bop/about-the-board', true],
  ['US-SC', 'South Carolina', 'governor_alone', null, null, DPIC, true],
  ['US-SD', 'South Dakota', 'governor_alone', null, null, DPIC, true],
  ['US-TN', 'Tennessee', 'governor_alone', 'Board of Parole', null, DPIC, true],
  ['US-TX', 'Texas', 'governor_on_board_recommendation', 'Board of Pardons and Paroles', 'Without the board, the governor can grant only one 30-day reprieve.', DPIC, true],
  ['US-UT', 'Utah', 'board_alone', 'Board of Pardons and Parole', null, DPIC, true],
  ['US-WY', 'Wyoming', 'governor_alone', null, null, DPIC, true],
  ['US-FED', 'the federal system', 'president_with_pardon_attorney', null, null, DPIC, true],
  // The source supports the President's power (UCMJ Article 71); who advises
  // in a military capital case was not checked, so the row is not verified.
  ['US-MIL', 'the military', 'president_with_pardon_attorney', null, 'A military death sentence cannot be carried out unless the President approves it.', 'https://www.caaflog.com/2017/12/29/top-ten-military-justice-stories-of-2017-9-commutations-clemency/', false],
]

export const CLEMENCY_RULES: readonly ClemencyRule[] = ROWS.map(
  ([code, name, structure, board, note, sourceUrl, verified]) => ({
    code,
    name,
    structure,
    board,
    note,
    sourceUrl,
    verified,
  }),
)

const BY_CODE = new Map(CLEMENCY_RULES.map((r) => [r.code, r]))
const ALIASES = new Map<string, string>([
  ['federal', 'US-FED'],
  ['fed', 'US-FED'],
  ['us', 'US-FED'],
  ['usa', 'US-FED'],
  ['united states', 'US-FED'],
  ['federal government', 'US-FED'],
  ['military', 'US-MIL'],
  ['us military', 'US-MIL'],
  ['armed forces', 'US-MIL'],
  ['court martial', 'US-MIL'],
  ...CLEMENCY_RULES.flatMap((r): [string, string][] => [
    [r.name.toLowerCase(), r.code],
    [r.code.toLowerCase(), r.code],
    [r.code.slice(3).toLowerCase(), r.code],
  ]),
])

/**
 * The jurisdiction code a case's free-text jurisdiction names ("Texas",
 * "US-TX", "TX", "State of Texas", "Federal", "U.S. Military"), or null.
 */
export function clemencyCode(jurisdiction: string): string | null {
  const key = jurisdiction
    .toLowerCase()
    .replace(/[.,()]/g, '')
    .replace(/-/g, ' ')
    .replace(/^(the )?(state|commonwealth) of /, '')
    .replace(/\s+/g, ' ')
    .trim()
  return ALIASES.get(key) ?? ALIASES.get(key.replace(/ /g, '-')) ?? null
}

export function clemencyRule(code: string): ClemencyRule | null {
  return BY_CODE.get(code) ?? null
}

/** The roles that decide under a structure, and those that only advise. */
export function decisionRoles(rule: Pick<ClemencyRule, 'structure' | 'board'>): {
  decide: OfficialRole[]
  advise: OfficialRole[]
} {
  switch (rule.structure) {
    case 'governor_alone':
      return { decide: ['governor'], advise: rule.board ? ['parole_board_member'] : [] }
    case 'governor_on_board_recommendation':
    case 'board_with_governor':
      return { decide: ['governor', 'parole_board_member'], advise: [] }
    case 'board_alone':
      return { decide: ['parole_board_member'], advise: [] }
    case 'president_with_pardon_attorney':
      return { decide: ['president'], advise: ['pardon_attorney'] }
  }
}

/** Where no rule is known: anyone with a role that decides somewhere. */
const ANY_DECIDER: OfficialRole[] = ['governor', 'president', 'parole_board_member']

/** Whether targets with these roles include someone who can decide (or block) clemency. */
export function targetsADecider(rule: ClemencyRule | null, roles: (OfficialRole | null)[]) {
  const decide = rule ? decisionRoles(rule).decide : ANY_DECIDER
  return roles.some((r) => r !== null && decide.includes(r))
}

/** One or two plain sentences on how clemency is decided there, for the public pages. */
export function describeClemency(rule: ClemencyRule): string {
  const where = rule.code === 'US-FED' ? 'In federal cases' : `In ${rule.name}`
  const board = rule.board ? `the ${rule.board}` : 'a board'
  let text: string
  switch (rule.structure) {
    case 'governor_alone':
      text = rule.board
        ? `${where}, the governor decides clemency alone; ${board} may advise, but its advice does not bind the governor.`
        : `${where}, the governor decides clemency alone.`
      break
    case 'governor_on_board_recommendation':
      text = `${where}, the governor can grant clemency only if ${board} recommends it.`
      break
    case 'board_alone':
      text = `${where}, ${board} decides clemency; the governor cannot grant it.`
      break
    case 'board_with_governor':
      text = `${where}, clemency is decided by ${board}, on which the governor sits.`
      break
    case 'president_with_pardon_attorney':
      text =
        rule.code === 'US-MIL'
          ? `In military cases, the President decides clemency.`
          : `${where}, the President decides clemency, advised by the Pardon Attorney at the Department of Justice.`
      break
  }
  return rule.note ? `${text} ${rule.note}` : text
}

/** The US state a jurisdiction names, as the rules name it ("Texas"); null for others. */
export function stateName(jurisdiction: string | null): string | null {
  const code = jurisdiction ? clemencyCode(jurisdiction) : null
  if (!code || code === 'US-FED' || code === 'US-MIL') return null
  return clemencyRule(code)?.name ?? null
}
