import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { metaT } from '~/components/i18n'
import { getSupporterByUnsubscribeToken, unsubscribeSupporter } from '~/models/supporter.server'
import { translator } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'

export const meta: MetaFunction = ({ matches }) => [
  { title: metaT(matches)('unsubscribe.title') },
  { name: 'robots', content: 'noindex' },
]

async function invalidLink(request: Request): Promise<Response> {
  const t = translator(await requestLanguage(request))
  return new Response(t('error.bad_unsubscribe_link'), { status: 404 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const supporter = await getSupporterByUnsubscribeToken(params.token!)
  if (!supporter) throw await invalidLink(request)
  return { organizationName: supporter.organizationName, unsubscribed: supporter.unsubscribed }
}

/** Both the button below and RFC 8058 one-click (List-Unsubscribe=One-Click) land here. */
export async function action({ request, params }: ActionFunctionArgs) {
  const supporter = await unsubscribeSupporter(params.token!)
  if (!supporter) throw await invalidLink(request)
  return { unsubscribed: true }
}

export default function Unsubscribe() {
  const { organizationName, unsubscribed } = useLoaderData<typeof loader>()
  const done = useActionData<typeof action>()?.unsubscribed || unsubscribed
  const { t } = useTranslation()
  return (
    <section className="panel narrow">
      {done ? (
        <>
          <h1>{t('unsubscribe.done_heading')}</h1>
          <p role="status">{t('unsubscribe.done_text', { organization: organizationName })}</p>
        </>
      ) : (
        <>
          <h1>{t('unsubscribe.heading')}</h1>
          <p>{t('unsubscribe.text', { organization: organizationName })}</p>
          <Form method="post">
            <button className="button button--primary" type="submit">
              {t('unsubscribe.button')}
            </button>
          </Form>
        </>
      )}
    </section>
  )
}
