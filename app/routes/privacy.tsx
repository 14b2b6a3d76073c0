import { useTranslation } from 'react-i18next'
import type { MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'

export const meta: MetaFunction = () => [{ title: 'Privacy notice · Vigil' }]

/** What Vigil keeps about a signer, why, for how long, and how to have it erased. */
export default function Privacy() {
  // Written in English for now: a Spanish page says so (decision 039).
  const { i18n } = useTranslation()
  return (
    <article className="panel narrow prose-plain" lang={i18n.language === 'en' ? undefined : 'en'}>
      <h1>Privacy notice</h1>
      <p>
        Vigil runs petitions for the organization named on each petition. That organization decides
        what is done with your signature and is who to contact about it.
      </p>
      <h2>What is kept when you sign</h2>
      <ul>
        <li>
          Your name, email address, postal code, country and, if you give them, your town and
          comment and letter.
        </li>
        <li>
          Whether you asked to be kept informed (and the words you agreed to), and whether your name
          may be shown.
        </li>
        <li>
          The address your browser connected from and its name, to stop floods of false signatures;
          and the link that brought you (its “source”), so organizers know where to ask.
        </li>
      </ul>
      <h2>What is shown</h2>
      <p>
        Only if you tick the box: your first name, last initial and town. Your email address is
        never shown publicly. The officials a petition is delivered to receive names, towns and
        letters, never emails.
      </p>
      <h2>How long</h2>
      <p>
        A signature never confirmed is deleted after 30 days. Some time after a petition closes (180
        days unless the operator set otherwise), its signatures’ personal data is anonymised; the
        counts stay.
      </p>
      <h2>Your choices</h2>
      <p>
        Every email carries a link to unsubscribe. To see or erase everything held about your
        address, write to the organization named on the petition; operators can export or erase it
        at once.
      </p>
      <p>
        <Link to="/terms">Terms of use</Link>
      </p>
    </article>
  )
}
