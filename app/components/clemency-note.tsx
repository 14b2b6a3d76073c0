import { useTranslation } from 'react-i18next'

/**
 * How clemency is decided in a case's jurisdiction, in one or two sentences,
 * with its source. The sentences are English (app/domain/clemency.ts and the
 * organizers' corrections): inside another language's page they say so.
 */
export function ClemencyNote({
  clemency,
}: {
  clemency: { text: string; sourceUrl: string; verified: boolean; corrected: boolean }
}) {
  const { t, i18n } = useTranslation()
  return (
    <p className="clemency">
      <span lang={i18n.language === 'en' ? undefined : 'en'}>{clemency.text}</span>{' '}
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
