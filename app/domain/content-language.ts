/**
 * Which version of an organizer's text a reader gets (decision 040): the
 * Spanish one (`…_es`) for a Spanish reader when the organizer wrote one,
 * else the English one, whose language is then said (`lang="en"` inside a
 * Spanish page). Pure: the pages, the mail and the campaign sender share it.
 */
export interface Localized {
  text: string
  /** The language `text` is in. */
  lang: string
}

export function localized(
  english: string,
  spanish: string | null | undefined,
  language: string,
): Localized {
  if (language === 'es' && spanish && spanish.trim()) return { text: spanish, lang: 'es' }
  return { text: english, lang: 'en' }
}

/** The same for text that may be absent (a petition's letter). */
export function localizedOptional(
  english: string | null,
  spanish: string | null | undefined,
  language: string,
): Localized | null {
  if (english === null && !spanish) return null
  return localized(english ?? '', spanish, language)
}

/** A petition's Spanish versions (decision 040); empty or null is none. */
export interface SpanishPetitionText {
  titleEs?: string | null
  bodyEs?: string | null
  letterDefaultEs?: string | null
}

/** Each Spanish field of a petition and its column. */
export const SPANISH_PETITION_COLUMNS = [
  ['titleEs', 'title_es'],
  ['bodyEs', 'body_es'],
  ['letterDefaultEs', 'letter_default_es'],
] as const
