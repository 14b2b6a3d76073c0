import { createCookie } from '@remix-run/node'
import { RemixI18Next } from 'remix-i18next/server'
import {
  DEFAULT_LANGUAGE,
  isOrganizerPath,
  languageOr,
  LANGUAGE_COOKIE,
  LANGUAGE_PARAM,
  LANGUAGES,
  type Language,
} from './i18n'

/**
 * Choosing a reader's language (the contract's language row): `?lang=`,
 * then the `lang` cookie (set whenever `?lang=` names a language:
 * bin/serve.ts), then `Accept-Language`, then English. remix-i18next's
 * detector does the choosing, in that order. Organizer pages are English.
 */
export const languageCookie = createCookie(LANGUAGE_COOKIE, {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

const remixI18n = new RemixI18Next({
  detection: {
    supportedLanguages: LANGUAGES,
    fallbackLanguage: DEFAULT_LANGUAGE,
    cookie: languageCookie,
    searchParamKey: LANGUAGE_PARAM,
    order: ['searchParams', 'cookie', 'header'],
  },
})

/** The language this request's page is rendered in. */
export async function requestLanguage(request: Request): Promise<Language> {
  if (isOrganizerPath(new URL(request.url).pathname)) return DEFAULT_LANGUAGE
  return languageOr(await remixI18n.getLocale(request))
}

/** The Set-Cookie value that remembers `?lang=` (null when it names no language we speak). */
export async function rememberedLanguageCookie(param: unknown): Promise<string | null> {
  const language = LANGUAGES.find((l) => l === param)
  return language ? languageCookie.serialize(language) : null
}
