import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { metaT } from '~/components/i18n'
import { PetitionCard } from '~/components/petition-card'
import { listOpenPetitions } from '~/models/public-petition.server'
import { localized } from '~/domain/content-language'
import { intlLocale } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'
import { formatDate } from '~/utils/time'

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches)
  return [{ title: t('home.title') }, { name: 'description', content: t('home.description') }]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await requestLanguage(request)
  const petitions = (await listOpenPetitions({ limit: 100 })).map(({ titleEs, ...p }) => {
    const title = localized(p.title, titleEs, language)
    return {
      ...p,
      title: title.text,
      titleLang: title.lang,
      dateLabel: p.nextDate ? formatDate(p.nextDate, p.timeZone, intlLocale(language)) : null,
    }
  })
  return { petitions, renderedAt: new Date().toISOString() }
}

export default function Home() {
  const { petitions, renderedAt } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const now = new Date(renderedAt)
  return (
    <>
      <section className="hero">
        <h1>{t('home.heading')}</h1>
        <p>{t('home.intro')}</p>
      </section>
      {petitions.length === 0 ? (
        <p className="panel">{t('home.none')}</p>
      ) : (
        <div className="cards">
          {petitions.map((p) => (
            <PetitionCard key={p.id} petition={p} now={now} />
          ))}
        </div>
      )}
    </>
  )
}
