import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { CaseForm, timeZoneList } from '~/components/dashboard/case-form'
import type { Errors } from '~/components/ui/field'
import { addCase } from '~/services/cases.server'
import { requireOrganizer } from '~/services/auth.server'
import { zonedLocalToInstant } from '~/utils/zoned-time'
import { CaseFormSchema, errorsByField, formObject } from '~/validation/dashboard'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction = () => [{ title: 'New case · Vigil' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request)
  return { timeZones: timeZoneList() }
}

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const raw = formObject(await readForm(request)) as Record<string, string>
  const parsed = CaseFormSchema.safeParse(raw)
  const nextDate =
    parsed.success && parsed.data.nextDate
      ? zonedLocalToInstant(parsed.data.nextDate, parsed.data.timeZone)
      : null
  if (!parsed.success || (parsed.data.nextDate && !nextDate)) {
    const errors: Errors = parsed.success
      ? { nextDate: ['Enter a date and time.'] }
      : errorsByField(parsed.error)
    return data({ errors, values: raw }, { status: 400 })
  }
  const input = parsed.data
  const created = await addCase({
    organizationId: organizer.organizationId,
    personName: input.personName,
    caseNumber: input.caseNumber,
    jurisdiction: input.jurisdiction,
    court: input.court,
    status: input.status,
    nextDate,
    nextDateKind: input.nextDateKind,
    timeZone: input.timeZone,
    summary: input.summary,
    sources: input.sources,
    createdBy: organizer.userId,
  })
  return redirect(`/dashboard/cases/${created.id}?done=created`, 303)
}

export default function NewCase() {
  const { timeZones } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: Errors; values: Record<string, string> } | undefined
  return (
    <div className="dash narrow-wide">
      <p className="eyebrow">
        <Link to="/dashboard/cases">Cases</Link>
      </p>
      <h1>New case</h1>
      <div className="panel">
        <CaseForm
          values={actionData?.values ?? { timeZone: 'America/New_York', status: 'pending' }}
          errors={actionData?.errors}
          timeZones={timeZones}
          submitLabel="Create case"
        />
      </div>
    </div>
  )
}
