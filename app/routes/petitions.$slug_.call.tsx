import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { metaT } from '~/components/i18n'
import { CallOffice } from '~/components/call-office'
import { ClemencyNote } from '~/components/clemency-note'
import type { Errors } from '~/components/ui/field'
import { getPetitionForSigning } from '~/models/public-petition.server'
import { getCallPage, logCall } from '~/services/calls.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { acceptsSignatures } from '~/domain/states'
import { readForm } from '~/utils/form.server'
import { loadContext } from '~/utils/request.server'
import { CallLogSchema } from '~/validation/call'
import { errorsByField } from '~/validation/dashboard'
import { translator } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => {
  const t = metaT(matches)
  return d
    ? [
        { title: t('call.title', { name: d.petition.personName }) },
        { name: 'description', content: t('call.description', { title: d.petition.title }) },
      ]
    : [{ title: t('petition.not_found_title') }]
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await requestLanguage(request)
  const t = translator(language)
  const page = await getCallPage({ slug: params.slug!, language })
  if (!page) throw new Response(t('error.no_petition'), { status: 404 })
  return { ...page, logged: new URL(request.url).searchParams.get('logged') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const language = await requestLanguage(request)
  const t = translator(language)
  const CLOSED = t('error.calls_closed')
  const petition = await getPetitionForSigning(params.slug!)
  if (!petition || petition.status === 'draft')
    throw new Response(t('error.no_petition'), { status: 404 })
  if (!acceptsSignatures(petition.status)) throw new Response(CLOSED, { status: 409 })
  const form = await readForm(request)
  const values: Record<string, string> = {}
  for (const [key, value] of form) if (typeof value === 'string') values[key] = value
  const parsed = CallLogSchema.safeParse(values)
  if (!parsed.success)
    return data({ errors: errorsByField(parsed.error, language), values }, { status: 400 })
  try {
    await logCall({
      petition,
      officialId: parsed.data.official_id,
      outcome: parsed.data.outcome,
      email: parsed.data.email,
      ip: loadContext(context).clientIp,
    })
  } catch (error) {
    const { status, errors } = formErrorsFor(error, { official_id: 'official_id' })
    if (status === 409) throw new Response(CLOSED, { status: 409 })
    return data({ errors, values }, { status })
  }
  const official = parsed.data.official_id
  return redirect(
    `/petitions/${petition.slug}/call?logged=${official}#office-${official}-thanks`,
    303,
  )
}

export default function CallPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: Errors; values: Record<string, string> } | undefined
  const failedFor = actionData?.values.official_id
  const known = d.offices.some((o) => o.id === failedFor)
  const { t } = useTranslation()
  return (
    <div className="call-page">
      <p className="eyebrow">
        <Link to={`/cases/${d.petition.caseSlug}`}>{d.petition.personName}</Link> ·{' '}
        <Link to={`/petitions/${d.petition.slug}`}>{d.petition.title}</Link>
      </p>
      <h1>{t('call.heading')}</h1>
      {d.clemency ? <ClemencyNote clemency={d.clemency} /> : null}
      <p>{t('call.intro', { organization: d.petition.organizationName })}</p>
      {!d.petition.open ? (
        <div className="closed-notice" role="status">
          <h2>{t('call.closed_heading')}</h2>
          <p>{t('call.closed_text')}</p>
        </div>
      ) : null}
      {actionData && !known ? <ErrorLine errors={actionData.errors} /> : null}
      {d.offices.length === 0 ? (
        <p className="panel">{t('call.no_offices')}</p>
      ) : (
        d.offices.map((office) => (
          <CallOffice
            key={office.id}
            office={office}
            accepting={d.petition.open}
            errors={failedFor === office.id ? actionData?.errors : undefined}
            values={failedFor === office.id ? actionData?.values : undefined}
            logged={d.logged === office.id}
          />
        ))
      )}
      {d.withoutPhone.length > 0 ? (
        <p className="muted">{t('call.without_phone', { names: d.withoutPhone.join(', ') })}</p>
      ) : null}
      <p>
        <Link to={`/petitions/${d.petition.slug}`}>{t('call.back')}</Link>
      </p>
    </div>
  )
}

function ErrorLine({ errors }: { errors: Errors }) {
  const all = Object.values(errors).flat()
  return all.length ? (
    <p className="form-alert" role="alert">
      {all.join(' ')}
    </p>
  ) : null
}
