import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import type { Errors } from '~/components/ui/field'
import { PetitionForm } from '~/components/dashboard/petition-form'
import {
  getCaseForOrganization,
  listCaseOfficials,
  listCasesForOrganization,
} from '~/models/case.server'
import { decisionWarning } from '~/services/clemency.server'
import { UnknownOfficialsError } from '~/models/official.server'
import { UnknownCaseError } from '~/models/petition.server'
import { addPetition } from '~/services/petitions.server'
import { requireOrganizer } from '~/services/auth.server'
import { errorsByField, formObject, PetitionFormSchema } from '~/validation/dashboard'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction = () => [{ title: 'New petition · Vigil' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const cases = await listCasesForOrganization({ organizationId, limit: 500 })
  return {
    cases: cases.map((c) => ({ id: c.id, personName: c.personName })),
    caseId: new URL(request.url).searchParams.get('caseId') ?? '',
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { organizationId, userId } = await requireOrganizer(request)
  const raw = formObject(await readForm(request), ['targetIds'])
  const parsed = PetitionFormSchema.safeParse(raw)
  if (!parsed.success)
    return data({ errors: errorsByField(parsed.error), values: raw }, { status: 400 })
  // Opened at once to the case's decision makers: warn first when none of them decides.
  const kase = await getCaseForOrganization({ organizationId, caseId: parsed.data.caseId })
  if (kase && parsed.data.status === 'open' && raw.anyway !== 'on') {
    const warning = await decisionWarning({
      organizationId,
      jurisdiction: kase.jurisdiction,
      targetRoles: (await listCaseOfficials(kase.id)).map((o) => o.role),
    })
    if (warning)
      return data(
        {
          errors: { anyway: [`${warning} Tick “Publish anyway” to open it as it is.`] },
          values: raw,
        },
        { status: 400 },
      )
  }
  try {
    const petition = await addPetition({
      organizationId,
      ...parsed.data,
      targetIds: [],
      createdBy: userId,
    })
    return redirect(`/dashboard/petitions/${petition.id}?done=created`, 303)
  } catch (error) {
    if (error instanceof UnknownCaseError)
      return data(
        { errors: { caseId: ['Choose one of your cases.'] }, values: raw },
        { status: 400 },
      )
    if (error instanceof UnknownOfficialsError)
      return data({ errors: { form: ['Unknown official.'] }, values: raw }, { status: 400 })
    throw error
  }
}

export default function NewPetition() {
  const { cases, caseId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: Errors; values: Record<string, string | string[]> } | undefined
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/petitions">Petitions</Link>
      </p>
      <h1>New petition</h1>
      {cases.length === 0 ? (
        <p className="panel">
          A petition belongs to a case. <Link to="/dashboard/cases/new">Add the case first</Link>.
        </p>
      ) : (
        <div className="panel narrow-form">
          <PetitionForm
            values={actionData?.values ?? { caseId, goal: '1000', status: 'draft' }}
            errors={actionData?.errors}
            cases={cases}
            submitLabel="Create petition"
          />
        </div>
      )}
    </div>
  )
}
