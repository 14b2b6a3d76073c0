import { useTranslation } from 'react-i18next'
import type { MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { metaT } from '~/components/i18n'

export const meta: MetaFunction = ({ matches }) => [
  { title: `${metaT(matches)('legal.terms.title')} · Vigil` },
]

export default function Terms() {
  const { t } = useTranslation()
  return (
    <article className="panel narrow prose-plain">
      <h1>{t('legal.terms.title')}</h1>
      <p>{t('legal.terms.once')}</p>
      <p>{t('legal.terms.respect')}</p>
      <p>{t('legal.terms.organizers')}</p>
      <p>
        <Link to="/privacy">{t('legal.terms.privacyLink')}</Link>
      </p>
    </article>
  )
}
