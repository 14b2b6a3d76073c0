import { useTranslation } from 'react-i18next'
import type { MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'

export const meta: MetaFunction = () => [{ title: 'Terms of use · Vigil' }]

export default function Terms() {
  // Written in English for now: a Spanish page says so (decision 039).
  const { i18n } = useTranslation()
  return (
    <article className="panel narrow prose-plain" lang={i18n.language === 'en' ? undefined : 'en'}>
      <h1>Terms of use</h1>
      <p>
        Sign only in your own name, with your own email address, and once per petition. A signature
        counts once you confirm it from the email we send.
      </p>
      <p>
        Comments and letters are delivered to officials. Keep them respectful; the organizers may
        remove what is abusive or not about the case, and hold signatures that look automated.
      </p>
      <p>
        Each petition is written and run by the organization named on it, which answers for its
        content. Case facts come from the sources listed on each case page.
      </p>
      <p>
        <Link to="/privacy">Privacy notice</Link>
      </p>
    </article>
  )
}
