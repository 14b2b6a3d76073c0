import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { metaT } from '~/components/i18n'
import { getPublicPetitionBySlug } from '~/models/public-petition.server'
import { localized } from '~/domain/content-language'
import { env } from '~/utils/env.server'
import { translator } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'
import { ShareButtons } from '~/components/share-buttons'

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)('thanks.title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await requestLanguage(request)
  const petition = await getPublicPetitionBySlug(params.slug!)
  if (!petition) throw new Response(translator(language)('error.no_petition'), { status: 404 })
  const url = `${env().appUrl}/petitions/${petition.slug}`
  return {
    title: localized(petition.title, petition.titleEs, language).text,
    slug: petition.slug,
    url,
    callable: petition.targets.some((t) => t.callable),
  }
}

export default function Thanks() {
  const { title, slug, url, callable } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <section className="panel narrow thanks">
      <h1>{t('thanks.heading')}</h1>
      <p>
        {t('thanks.sent')} <strong>{t('thanks.open_it')}</strong>
        {t('thanks.counts')}
      </p>
      {callable ? (
        <>
          <h2>{t('thanks.call_heading')}</h2>
          <p>{t('thanks.call_text')}</p>
          <p>
            <Link className="button button--primary" to={`/petitions/${slug}/call`}>
              {t('thanks.call_button')}
            </Link>
          </p>
        </>
      ) : null}
      <h2>{callable ? t('thanks.share_and') : t('thanks.share_then')}</h2>
      <p>{t('thanks.every_signature')}</p>
      <ShareButtons petitionUrl={url} title={title} heading={t('thanks.share_heading')} />
      <p>
        <Link to={`/petitions/${slug}`}>{t('thanks.back')}</Link>
      </p>
    </section>
  )
}
