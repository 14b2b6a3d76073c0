import { useTranslation } from 'react-i18next'
import type { MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { metaT } from '~/components/i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: `${metaT(matches)('legal.privacy.title')} · Vigil` },
]

/** What Vigil keeps about a signer, why, for how long, and how to have it erased. */
export default function Privacy() {
  const { t } = useTranslation()
  return (
    <article className="panel narrow prose-plain">
      <h1>{t('legal.privacy.title')}</h1>
      <p>{t('legal.privacy.intro')}</p>
      <h2>{t('legal.privacy.keptHeading')}</h2>
      <ul>
        <li>{t('legal.privacy.keptSigner')}</li>
        <li>{t('legal.privacy.keptChoices')}</li>
        <li>{t('legal.privacy.keptAddress')}</li>
      </ul>
      <h2>{t('legal.privacy.shownHeading')}</h2>
      <p>{t('legal.privacy.shown')}</p>
      <h2>{t('legal.privacy.howLongHeading')}</h2>
      <p>{t('legal.privacy.howLong')}</p>
      <h2>{t('legal.privacy.choicesHeading')}</h2>
      <p>{t('legal.privacy.choices')}</p>
      <p>
        <Link to="/terms">{t('legal.privacy.termsLink')}</Link>
      </p>
    </article>
  )
}
