import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import type { Errors } from '~/components/ui/field'
import { OfficialForm } from '~/components/dashboard/official-form'
import { addOfficial } from '~/services/officials.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { timeZoneList } from '~/components/dashboard/case-form'
import { requireOrganizer } from '~/services/auth.server'
import { errorsByField, formObject, OfficialFormSchema } from '~/validation/dashboard'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction = () => [{ title: 'New official · Vigil' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request)
  return { timeZones: timeZoneList() }
}

export async function action({ request }: ActionFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const raw = formObject(await readForm(request)) as Record<string, string>
  const parsed = OfficialFormSchema.safeParse(raw)
  if (!parsed.success)
    return data({ errors: errorsByField(parsed.error), values: raw }, { status: 400 })
  try {
    const official = await addOfficial({ organizationId, ...parsed.data })
    return redirect(`/dashboard/officials/${official.id}?done=created`, 303)
  } catch (error) {
    const { status, errors } = formErrorsFor(error)
    return data({ errors, values: raw }, { status: status === 409 ? 400 : status })
  }
}

export default function NewOfficial() {
  const { timeZones } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: Errors; values: Record<string, string> } | undefined
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/officials">Officials</Link>
      </p>
      <h1>New official</h1>
      <div className="panel narrow-form">
        <OfficialForm
          values={actionData?.values ?? {}}
          errors={actionData?.errors}
          timeZones={timeZones}
          submitLabel="Add official"
        />
      </div>
    </div>
  )
}
