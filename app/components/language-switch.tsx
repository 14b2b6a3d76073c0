import { useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { i18nFor, LANGUAGE_PARAM, LANGUAGES, type Language } from '~/utils/i18n'

/**
 * The switch on every public page: a plain link per language to this page
 * with `?lang=` (which the server remembers in a cookie). Each language is
 * named in itself and marked with its own `lang`.
 */
export function LanguageSwitch({ current }: { current: Language }) {
  const { t } = useTranslation()
  const location = useLocation()
  const href = (language: Language) => {
    const params = new URLSearchParams(location.search)
    params.set(LANGUAGE_PARAM, language)
    return `${location.pathname}?${params.toString()}`
  }
  return (
    <nav className="language-switch" aria-label={t('language.switch')}>
      <ul>
        {LANGUAGES.map((language) => (
          <li key={language}>
            {language === current ? (
              <span aria-current="true" lang={language}>
                {i18nFor(language).t('language.name')}
              </span>
            ) : (
              <a href={href(language)} lang={language} hrefLang={language}>
                {i18nFor(language).t('language.name')}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  )
}
