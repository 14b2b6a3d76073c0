import { useTranslation } from 'react-i18next'
import type { Language } from '~/utils/i18n'

/**
 * How clemency is decided in a case's jurisdiction, in one or two sentences,
 * with its source. The sentences are in the reader's language where Vigil
 * has them (app/domain/clemency.ts); an organization's correction is in its
 * own words (English): inside another language's page it says so.
 */
export function ClemencyNote({
  clemency,
}: {
  clemency: {
    words: { text: string; language: Language }[]
    sourceUrl: string
    verified: boolean
    corrected: boolean
  }
}) {
  const { t, i18n } = useTranslation()
  return (
    <p className="clemency">
      {clemency.words.map((w, i) => (
        <span key={i} lang={w.language === i18n.language ? undefined : w.language}>
          {w.text}{' '}
        </span>
      ))}
      <span className="muted small">
        <a href={clemency.sourceUrl} rel="noopener noreferrer nofollow">
          {t('case.source')}
        </a>
        {clemency.corrected
          ? t('clemency.corrected')
          : clemency.verified
            ? ''
            : t('clemency.unverified')}
        .
      </span>
    </p>
  )
}
