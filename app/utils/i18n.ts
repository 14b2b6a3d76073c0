import { createInstance, type i18n, type TFunction } from 'i18next'
import * as RESOURCES from '~/locales'

/**
 * The languages Vigil speaks and the one translation function of each,
 * shared by the server (pages, mail) and the browser (the same resources,
 * so hydration renders the same text). English is the source and the
 * fallback. Choosing a reader's language: app/utils/i18n.server.ts.
 */
export type Language = keyof typeof RESOURCES
export const LANGUAGES = Object.keys(RESOURCES) as Language[]
export const DEFAULT_LANGUAGE: Language = 'en'
export const LANGUAGE_COOKIE = 'lang'
export const LANGUAGE_PARAM = 'lang'

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as string[]).includes(value)
}

/** A stored or requested language, or English. */
export function languageOr(value: unknown): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE
}

const instances = new Map<Language, i18n>()

/** The i18next instance for one language, built once (synchronously: the resources are bundled). */
export function i18nFor(language: Language): i18n {
  let instance = instances.get(language)
  if (!instance) {
    instance = createInstance()
    void instance.init({
      lng: language,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: LANGUAGES,
      resources: Object.fromEntries(
        Object.entries(RESOURCES).map(([lng, translation]) => [lng, { translation }]),
      ),
      initImmediate: false,
      // React escapes what it renders; mail escapes its own values (emails/layout.ts).
      interpolation: { escapeValue: false },
      returnNull: false,
    })
    instances.set(language, instance)
  }
  return instance
}

/** The translation function of one language (English for an unknown one). */
export function translator(language: string): TFunction {
  return i18nFor(languageOr(language)).t
}

/** The BCP 47 locale for Intl formatting: the language as written in the US (es-US, en-US). */
export function intlLocale(language: string): string {
  return `${languageOr(language)}-US`
}

/**
 * Pages for organizers (and their mail) stay English whatever the reader
 * chose: the issue translates what signers see.
 */
const ORGANIZER_PATHS =
  /^\/(dashboard|login|logout|forgot-password|reset-password|invitations|dev|api|packets)(\/|$)/

export function isOrganizerPath(pathname: string): boolean {
  return ORGANIZER_PATHS.test(pathname)
}

/** A whole number as the reader writes it (1,234 / 1234 and 12.345 in Spanish). */
export function formatNumber(value: number, language: string): string {
  return value.toLocaleString(intlLocale(language))
}

/**
 * Country names in the reader's language (Intl's), by ISO code, for the sign
 * form's list; null for English, whose names the list already has. Made on
 * the server, so the browser renders the same text.
 */
export function countryNames(language: string, codes?: string[]): Record<string, string> | null {
  if (languageOr(language) === DEFAULT_LANGUAGE) return null
  const names = new Intl.DisplayNames([intlLocale(language)], { type: 'region' })
  const out: Record<string, string> = {}
  for (const code of codes ?? []) out[code] = names.of(code) ?? code
  return out
}
