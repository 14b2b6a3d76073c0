import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { metaT } from '~/components/i18n'
import { StrongValue } from '~/components/strong-value'
import { getConfirmation } from '~/models/confirmation.server'
import { confirm, resendConfirmationLink } from '~/services/signing.server'
import { localized } from '~/domain/content-language'
import { readForm } from '~/utils/form.server'
import { translator } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'
import { env } from '~/utils/env.server'
import { ShareButtons } from '~/components/share-buttons'

export const meta: MetaFunction = ({ matches }) => [
  { title: metaT(matches)('confirm.title') },
  { name: 'robots', content: 'noindex' },
]

/**
 * Opening the link only shows a button: mail scanners that fetch links must
 * not confirm anything. The POST confirms, idempotently. The link in the
 * mail carries the signer's `?lang=`, so the page speaks their language.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await requestLanguage(request)
  const confirmation = await getConfirmation(params.token!)
  if (!confirmation)
    throw new Response(translator(language)('error.bad_confirm_link'), { status: 404 })
  const title = localized(confirmation.petitionTitle, confirmation.petitionTitleEs, language)
  return {
    state: confirmation.state,
    confirmed: confirmation.status === 'confirmed' || confirmation.status === 'held',
    petitionTitle: title.text,
    petitionTitleLang: title.lang === language ? undefined : title.lang,
    petitionSlug: confirmation.petitionSlug,
    petitionUrl: `${env().appUrl}/petitions/${confirmation.petitionSlug}`,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const invalid = async () =>
    new Response(translator(await requestLanguage(request))('error.bad_confirm_link'), {
      status: 404,
    })
  const form = await readForm(request)
  if (form.get('intent') === 'resend') {
    const confirmation = await getConfirmation(params.token!)
    if (!confirmation) throw await invalid()
    await resendConfirmationLink(confirmation.signatureId)
    return { resent: true, confirmed: false }
  }
  const result = await confirm(params.token!)
  if (!result) throw await invalid()
  if (result.result === 'expired') return { resent: false, confirmed: false, expired: true }
  return { resent: false, confirmed: true }
}

export default function ConfirmPage() {
  const { state, confirmed, petitionTitle, petitionTitleLang, petitionSlug, petitionUrl } =
    useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const { t } = useTranslation()
  const withTitle = (key: string) => (
    <StrongValue
      sentence={(mark) => t(key, { title: mark })}
      value={petitionTitle}
      lang={petitionTitleLang}
    />
  )
  if (result?.confirmed || (confirmed && !result)) {
    return (
      <section className="panel narrow" role="status">
        <h1>{t('confirm.done_heading')}</h1>
        <p>{withTitle('confirm.done_text')}</p>
        <p>
          <Link className="button button--primary" to={`/petitions/${petitionSlug}`}>
            {t('confirm.see')}
          </Link>
        </p>
        <ShareButtons
          petitionUrl={petitionUrl}
          title={petitionTitle}
          heading={t('share.ask_others')}
        />
      </section>
    )
  }
  if (result?.resent) {
    return (
      <section className="panel narrow" role="status">
        <h1>{t('confirm.resent_heading')}</h1>
        <p>{t('confirm.resent_text')}</p>
      </section>
    )
  }
  if (state === 'expired' || (result && 'expired' in result)) {
    return (
      <section className="panel narrow">
        <h1>{t('confirm.expired_heading')}</h1>
        <p>{withTitle('confirm.expired_text')}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="resend" />
          <button className="button button--primary" type="submit" disabled={busy}>
            {t('confirm.resend')}
          </button>
        </Form>
      </section>
    )
  }
  return (
    <section className="panel narrow">
      <h1>{t('confirm.heading')}</h1>
      <p>{withTitle('confirm.text')}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="confirm" />
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? t('confirm.busy') : t('confirm.button')}
        </button>
      </Form>
    </section>
  )
}
