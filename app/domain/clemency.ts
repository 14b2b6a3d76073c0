import type { ClemencyStructure, OfficialRole } from './states'
import { DEFAULT_LANGUAGE, languageOr, translator, type Language } from '~/utils/i18n'

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

/** The states whose Spanish name is not their English one. */
const STATE_NAMES_ES: Record<string, string> = {
  'US-LA': 'Luisiana',
  'US-MS': 'Misisipi',
  'US-MO': 'Misuri',
  'US-NC': 'Carolina del Norte',
  'US-OR': 'Oregón',
  'US-PA': 'Pensilvania',
  'US-SC': 'Carolina del Sur',
  'US-SD': 'Dakota del Sur',
}

/** Vigil's notes in Spanish (an organization's correction keeps its own words). */
const NOTES_ES: Record<string, string> = {
  'US-CA':
    'Para una persona condenada dos veces por un delito grave, el gobernador o la gobernadora necesita la recomendación de la Corte Suprema del estado.',
  'US-LA': 'La recomendación de la junta debe ser unánime.',
  'US-PA': 'La recomendación de la junta debe ser unánime.',
  'US-NE':
    'La junta la forman el gobernador o la gobernadora, el fiscal general y el secretario de estado.',
  'US-NV':
    'La junta la forman el gobernador o la gobernadora, los jueces de la Corte Suprema y el fiscal general.',
  'US-TX':
    'Sin la junta, el gobernador o la gobernadora solo puede conceder un aplazamiento de la ejecución de 30 días.',
  'US-MIL': 'Una sentencia de muerte militar no puede ejecutarse sin la aprobación del presidente.',
}

const STRUCTURE_KEYS: Record<ClemencyStructure, string> = {
  governor_alone: 'clemency.governor_alone',
  governor_on_board_recommendation: 'clemency.governor_on_board_recommendation',
  board_alone: 'clemency.board_alone',
  board_with_governor: 'clemency.board_with_governor',
  president_with_pardon_attorney: 'clemency.president',
}

/**
 * How clemency is decided there, for the public pages, in the reader's
 * language: the sentence on who decides, then the note. Vigil's own note is
 * in every language; an organization's correction is in its own words
 * (English), marked so.
 */
export function clemencyWords(
  rule: ClemencyRule,
  language: string = DEFAULT_LANGUAGE,
): { text: string; language: Language }[] {
  const reader = languageOr(language)
  const t = translator(reader)
  const place = (reader === 'es' ? STATE_NAMES_ES[rule.code] : undefined) ?? rule.name
  const where =
    rule.code === 'US-FED'
      ? t('clemency.where_federal')
      : rule.code === 'US-MIL'
        ? t('clemency.where_military')
        : t('clemency.where', { place })
  const board = rule.board ? t('clemency.board_named', { board: rule.board }) : t('clemency.board')
  // Who advises the President in a military case was not checked: not said.
  const key =
    rule.structure === 'governor_alone' && rule.board
      ? 'clemency.governor_alone_advised'
      : rule.code === 'US-MIL'
        ? 'clemency.president_alone'
        : STRUCTURE_KEYS[rule.structure]
  const words = [{ text: t(key, { where, board }), language: reader }]
  if (rule.note) {
    const vigils = rule.note === clemencyRule(rule.code)?.note
    const translated = vigils && reader === 'es' ? NOTES_ES[rule.code] : undefined
    words.push(
      translated
        ? { text: translated, language: reader }
        : { text: rule.note, language: DEFAULT_LANGUAGE },
    )
  }
  return words
}

/** One or two plain sentences on how clemency is decided there (the dashboard's and the API's, English). */
export function describeClemency(rule: ClemencyRule): string {
  return clemencyWords(rule)
    .map((w) => w.text)
    .join(' ')
}

/** The US state a jurisdiction names, as the rules name it ("Texas"); null for others. */
export function stateName(jurisdiction: string | null): string | null {
  const code = jurisdiction ? clemencyCode(jurisdiction) : null
  if (!code || code === 'US-FED' || code === 'US-MIL') return null
  return clemencyRule(code)?.name ?? null
}
