import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
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

export const meta: MetaFunction<typeof loader> = ({ data: d }) =>
  d
    ? [
        { title: `Call for ${d.petition.personName} · Vigil` },
        { name: 'description', content: `Call the offices that decide: ${d.petition.title}.` },
      ]
    : [{ title: 'Petition not found · Vigil' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await getCallPage({ slug: params.slug! })
  if (!page) throw new Response('There is no published petition at this address.', { status: 404 })
  return { ...page, logged: new URL(request.url).searchParams.get('logged') }
}

const CLOSED = 'This petition is closed: calls are no longer being logged.'

export async function action({ request, params, context }: ActionFunctionArgs) {
  const petition = await getPetitionForSigning(params.slug!)
  if (!petition || petition.status === 'draft')
    throw new Response('There is no published petition at this address.', { status: 404 })
  if (!acceptsSignatures(petition.status)) throw new Response(CLOSED, { status: 409 })
  const form = await readForm(request)
  const values: Record<string, string> = {}
  for (const [key, value] of form) if (typeof value === 'string') values[key] = value
  const parsed = CallLogSchema.safeParse(values)
  if (!parsed.success) return data({ errors: errorsByField(parsed.error), values }, { status: 400 })
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
  return (
    <div className="call-page">
      <p className="eyebrow">
        <Link to={`/cases/${d.petition.caseSlug}`}>{d.petition.personName}</Link> ·{' '}
        <Link to={`/petitions/${d.petition.slug}`}>{d.petition.title}</Link>
      </p>
      <h1>Call the offices that decide</h1>
      {d.clemency ? <ClemencyNote clemency={d.clemency} /> : null}
      <p>
        Calls are counted by the offices that take them. Be brief and polite: say who you are, where
        you live, and what you ask. Then log the call below so {d.petition.organizationName} can
        count it.
      </p>
      {!d.petition.open ? (
        <div className="closed-notice" role="status">
          <h2>This petition is closed</h2>
          <p>Calls are no longer being logged. Thank you to everyone who called.</p>
        </div>
      ) : null}
      {actionData && !known ? <ErrorLine errors={actionData.errors} /> : null}
      {d.offices.length === 0 ? (
        <p className="panel">No office phone numbers are listed for this petition yet.</p>
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
        <p className="muted">No phone number on file for: {d.withoutPhone.join(', ')}.</p>
      ) : null}
      <p>
        <Link to={`/petitions/${d.petition.slug}`}>Back to the petition</Link>
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
