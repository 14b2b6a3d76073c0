/**
 * Every language says everything English says (issue 16): each locale file
 * in app/locales has English's keys (plural forms aside) and the same
 * {{placeholders}}; every key the code names exists in English; and every
 * state a public page names through a dynamic key has its label. A key
 * added to the code or to en.json and forgotten elsewhere fails here.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import * as RESOURCES from '../app/locales'
import {
  CALL_OUTCOMES,
  CASE_STATUSES,
  NEXT_DATE_KINDS,
  OFFICIAL_ROLES,
  PETITION_STATUSES,
} from '../app/domain/states'

type Tree = { [key: string]: string | Tree }
const PLURAL = /_(zero|one|two|few|many|other)$/

/** Each leaf as a dotted key, plural suffixes folded into their base key. */
function leaves(tree: Tree, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [key, value] of Object.entries(tree)) {
    const dotted = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') {
      const base = dotted.replace(PLURAL, '')
      out.set(base, [...(out.get(base) ?? []), value])
    } else for (const [k, v] of leaves(value, dotted)) out.set(k, [...(out.get(k) ?? []), ...v])
  }
  return out
}

const placeholders = (values: string[]) =>
  [...new Set(values.flatMap((v) => [...v.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1])))]
    .filter((name) => name !== 'count')
    .sort()

const locales = Object.entries(RESOURCES as unknown as Record<string, Tree>)
const english = leaves(RESOURCES.en as unknown as Tree)

/** Source files that can name a translation key. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : []
  })
}

/**
 * The keys a file names: the first argument of `t(…)` (and of the confirm
 * page's `withTitle(…)`), and the schemas' error keys (`'errors.…'`).
 */
function keysNamedIn(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8')
  return [
    ...source.matchAll(/\b(?:t|withTitle)\(\s*['"`]([^'"`$]+)['"`]/g),
    ...source.matchAll(/['"](errors\.[a-z_]+)['"]/g),
  ].map((m) => m[1]!)
}

describe('translations', () => {
  it('has English and Spanish, one file each', () => {
    expect(locales.map(([language]) => language).sort()).toEqual(['en', 'es'])
  })

  for (const [language, tree] of locales) {
    it(`${language}: has exactly English's keys, none empty, with the same placeholders`, () => {
      const own = leaves(tree)
      expect(
        [...english.keys()].filter((k) => !own.has(k)),
        'missing',
      ).toEqual([])
      expect(
        [...own.keys()].filter((k) => !english.has(k)),
        'not in English',
      ).toEqual([])
      for (const [key, values] of own) {
        expect(
          values.every((v) => v.trim().length > 0),
          `${language} ${key} is empty`,
        ).toBe(true)
        expect(placeholders(values), `${language} ${key}`).toEqual(placeholders(english.get(key)!))
      }
    })
  }

  it('has every key the code names, in English', () => {
    const named = [...sourceFiles('app'), ...sourceFiles('emails')].flatMap((file) =>
      keysNamedIn(file).map((key) => ({ file, key })),
    )
    // The scan finds the keys: the public pages name well over a hundred.
    expect(new Set(named.map((n) => n.key)).size).toBeGreaterThan(100)
    expect(named.filter(({ key }) => !english.has(key))).toEqual([])
  })

  it('names every state the public pages show through a dynamic key', () => {
    const lists = {
      caseStatus: CASE_STATUSES,
      nextDateKind: NEXT_DATE_KINDS,
      callOutcome: CALL_OUTCOMES,
      publicRole: OFFICIAL_ROLES,
      petitionStatus: PETITION_STATUSES,
    }
    for (const [namespace, states] of Object.entries(lists))
      for (const state of states) expect(english.has(`${namespace}.${state}`)).toBe(true)
  })
})
