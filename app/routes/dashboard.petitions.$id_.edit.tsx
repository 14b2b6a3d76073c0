import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import type { Errors } from '~/components/ui/field'
import { PetitionForm, type TargetChoice } from '~/components/dashboard/petition-form'
import { listCaseOfficials } from '~/models/case.server'
import { UnknownOfficialsError } from '~/models/official.server'
import { getPetitionForOrganization } from '~/models/petition.server'
import { requireOrganizer } from '~/services/auth.server'
import { changePetition } from '~/services/petitions.server'
import { notFoundInOrganization } from '~/services/form-errors.server'
import { errorsByField, formObject, PetitionFormSchema } from '~/validation/dashboard'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `Edit ${d?.petition.title ?? 'petition'} · Vigil` },
]

const EditSchema = PetitionFormSchema.omit({ caseId: true, status: true })

const notFound: () => never = () => notFoundInOrganization('petition')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const petition = await getPetitionForOrganization({ organizationId, petitionId: params.id! })
  if (!petition) notFound()
  const deciders = await listCaseOfficials(petition.case.id)
  const targets: TargetChoice[] = deciders.map((o) => ({
    id: o.id,
    name: o.name,
    title: o.title,
    role: o.role,
  }))
  for (const t of petition.targets)
    if (!targets.some((o) => o.id === t.id))
      targets.push({ id: t.id, name: t.name, title: t.title, role: t.role })
  return {
    petition: { id: petition.id, title: petition.title, personName: petition.case.personName },
    targets,
    values: {
      title: petition.title,
      body: petition.body,
      goal: String(petition.goal),
      letterDefault: petition.letterDefault ?? '',
      titleEs: petition.titleEs ?? '',
      bodyEs: petition.bodyEs ?? '',
      letterDefaultEs: petition.letterDefaultEs ?? '',
      letterDigest: petition.letterDigest,
      signerUpdates: petition.signerUpdates,
      targetIds: petition.targets.map((t) => t.id),
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organizationId, userId } = await requireOrganizer(request)
  const existing = await getPetitionForOrganization({ organizationId, petitionId: params.id! })
  if (!existing) notFound()
  const raw = formObject(await readForm(request), ['targetIds'])
  const parsed = EditSchema.safeParse(raw)
  if (!parsed.success)
    return data({ errors: errorsByField(parsed.error), values: raw }, { status: 400 })
  try {
    await changePetition({
      organizationId,
      petitionId: existing.id,
      changes: parsed.data,
      actorId: userId,
    })
  } catch (error) {
    if (error instanceof UnknownOfficialsError)
      return data(
        { errors: { targetIds: ['Choose among your officials.'] }, values: raw },
        { status: 400 },
      )
    throw error
  }
  return redirect(`/dashboard/petitions/${existing.id}?done=saved`, 303)
}

export default function EditPetition() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: Errors; values: Record<string, string | string[]> } | undefined
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/petitions">Petitions</Link> ·{' '}
        <Link to={`/dashboard/petitions/${d.petition.id}`}>{d.petition.title}</Link>
      </p>
      <h1>Edit petition</h1>
      <p className="muted">For {d.petition.personName}.</p>
      <div className="panel narrow-form">
        <PetitionForm
          values={actionData?.values ?? d.values}
          errors={actionData?.errors}
          targets={d.targets}
          submitLabel="Save changes"
        />
      </div>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
