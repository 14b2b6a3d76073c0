import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { Notice, type Errors } from '~/components/ui/field'
import { OfficialForm } from '~/components/dashboard/official-form'
import { getOfficialForOrganization } from '~/models/official.server'
import { changeOfficial } from '~/services/officials.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { timeZoneList } from '~/components/dashboard/case-form'
import { requireOrganizer } from '~/services/auth.server'
import { notFoundInOrganization } from '~/services/form-errors.server'
import { errorsByField, formObject, OfficialFormSchema } from '~/validation/dashboard'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d?.official.name ?? 'Official'} · Vigil` },
]

const notFound: () => never = () => notFoundInOrganization('official')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const official = await getOfficialForOrganization({ organizationId, officialId: params.id! })
  if (!official) notFound()
  const done = new URL(request.url).searchParams.get('done')
  return {
    official,
    timeZones: timeZoneList(),
    done: done === 'created' ? 'Official added.' : done === 'saved' ? 'Changes saved.' : null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const existing = await getOfficialForOrganization({ organizationId, officialId: params.id! })
  if (!existing) notFound()
  const raw = formObject(await readForm(request)) as Record<string, string>
  const parsed = OfficialFormSchema.safeParse(raw)
  if (!parsed.success)
    return data({ errors: errorsByField(parsed.error), values: raw }, { status: 400 })
  try {
    const updated = await changeOfficial({
      organizationId,
      officialId: existing.id,
      changes: parsed.data,
    })
    if (!updated) notFound()
  } catch (error) {
    const { status, errors } = formErrorsFor(error)
    return data({ errors, values: raw }, { status: status === 409 ? 400 : status })
  }
  return redirect(`/dashboard/officials/${existing.id}?done=saved`, 303)
}

export default function EditOfficial() {
  const { official, done, timeZones } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: Errors; values: Record<string, string> } | undefined
  const values = actionData?.values ?? {
    name: official.name,
    title: official.title ?? '',
    office: official.office ?? '',
    jurisdiction: official.jurisdiction ?? '',
    email: official.email ?? '',
    phone: official.phone ?? '',
    officeHours: official.officeHours ?? '',
    timeZone: official.timeZone ?? '',
  }
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/officials">Officials</Link>
      </p>
      <h1>{official.name}</h1>
      <Notice message={done} />
      <div className="panel narrow-form">
        <OfficialForm
          values={values}
          errors={actionData?.errors}
          timeZones={timeZones}
          submitLabel="Save changes"
        />
      </div>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
