import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { Notice, type Errors } from '~/components/ui/field'
import { OfficialForm } from '~/components/dashboard/official-form'
import {
  getOfficialForOrganization,
  OfficialEmailTakenError,
  updateOfficial,
} from '~/models/official.server'
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
    const updated = await updateOfficial({
      organizationId,
      officialId: existing.id,
      changes: parsed.data,
    })
    if (!updated) notFound()
  } catch (error) {
    if (error instanceof OfficialEmailTakenError)
      return data(
        { errors: { email: ['Another official already has this email.'] }, values: raw },
        { status: 400 },
      )
    throw error
  }
  return redirect(`/dashboard/officials/${existing.id}?done=saved`, 303)
}

export default function EditOfficial() {
  const { official, done } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: Errors; values: Record<string, string> } | undefined
  const values = actionData?.values ?? {
    name: official.name,
    title: official.title ?? '',
    office: official.office ?? '',
    jurisdiction: official.jurisdiction ?? '',
    email: official.email ?? '',
    phone: official.phone ?? '',
  }
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/officials">Officials</Link>
      </p>
      <h1>{official.name}</h1>
      <Notice message={done} />
      <div className="panel narrow-form">
        <OfficialForm values={values} errors={actionData?.errors} submitLabel="Save changes" />
      </div>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
