import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from '~/validation/zod'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { Field, Notice, type Errors } from '~/components/ui/field'
import { OFFICIAL_ROLE_LABELS } from '~/domain/labels'
import { OFFICIAL_ROLES, type OfficialRole } from '~/domain/states'
import { listCallScripts } from '~/models/call-script.server'
import { getCaseForOrganization, listCaseOfficials } from '~/models/case.server'
import { requireOrganizer } from '~/services/auth.server'
import { DEFAULT_CALL_SCRIPT, writeCallScript } from '~/services/calls.server'
import { proposeDecisionRoles } from '~/services/clemency.server'
import { formErrorsFor, notFoundInOrganization } from '~/services/form-errors.server'
import { readForm } from '~/utils/form.server'
import { errorsByField, formObject } from '~/validation/dashboard'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `Call scripts · ${d?.kase.personName ?? 'Case'} · Vigil` },
]

/** The scripts of a case: the default, and one per role its decision makers (and jurisdiction) have. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const kase = await getCaseForOrganization({ organizationId, caseId: params.id! })
  if (!kase) notFoundInOrganization('case')
  const [scripts, officials] = await Promise.all([
    listCallScripts({ caseId: kase.id }),
    listCaseOfficials(kase.id),
  ])
  const present = officials.map((o) => o.role)
  const proposal = await proposeDecisionRoles({
    organizationId,
    jurisdiction: kase.jurisdiction,
    present,
  })
  const roles = OFFICIAL_ROLES.filter(
    (r) =>
      present.includes(r) ||
      proposal?.decide.includes(r) ||
      proposal?.advise.includes(r) ||
      scripts.some((s) => s.role === r),
  )
  return {
    kase: { id: kase.id, personName: kase.personName },
    sections: [null, ...roles].map((role) => ({
      role,
      body: scripts.find((s) => s.role === role)?.body ?? '',
      who: officials.filter((o) => o.role === role).map((o) => o.name),
    })),
    defaultScript: DEFAULT_CALL_SCRIPT,
    saved: new URL(request.url).searchParams.get('saved'),
  }
}

const ScriptSchema = z.object({
  role: z.union([z.literal(''), z.enum(OFFICIAL_ROLES)], { error: 'Unknown role.' }),
  body: z.string().max(20_000, 'A script must be at most 20,000 characters.').default(''),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const raw = formObject(await readForm(request)) as Record<string, string>
  const parsed = ScriptSchema.safeParse(raw)
  if (!parsed.success)
    return data({ errors: errorsByField(parsed.error), values: raw }, { status: 400 })
  try {
    const saved = await writeCallScript({
      organizationId: organizer.organizationId,
      caseId: params.id!,
      role: (parsed.data.role || null) as OfficialRole | null,
      body: parsed.data.body,
      actorId: organizer.userId,
    })
    if (!saved) notFoundInOrganization('case')
  } catch (error) {
    const { status, errors } = formErrorsFor(error)
    return data({ errors, values: raw }, { status })
  }
  return redirect(
    `/dashboard/cases/${params.id}/scripts?saved=${parsed.data.role || 'default'}`,
    303,
  )
}

export default function CallScripts() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: Errors; values: Record<string, string> } | undefined
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/cases">Cases</Link> ·{' '}
        <Link to={`/dashboard/cases/${d.kase.id}`}>{d.kase.personName}</Link>
      </p>
      <h1>Call scripts</h1>
      <Notice message={d.saved ? 'Script saved.' : null} />
      <p>
        What callers read on the call page, for each office by its role on the case; the default
        serves every role without its own. Markdown with merge fields, like{' '}
        <code>{'{{ official.title }}'}</code>, <code>{'{{ official.name }}'}</code>,{' '}
        <code>{'{{ case.person_name }}'}</code>, <code>{'{{ case.days_left }}'}</code>,{' '}
        <code>{'{{ petition.url }}'}</code>. Callers are not known to Vigil: no{' '}
        <code>supporter</code> fields.
      </p>
      {d.sections.map((s) => {
        const key = s.role ?? ''
        const failed = actionData && (actionData.values.role ?? '') === key
        const label = s.role ? OFFICIAL_ROLE_LABELS[s.role] : 'Default script'
        return (
          <section
            key={key || 'default'}
            className="panel"
            aria-labelledby={`script-${key || 'default'}`}
          >
            <h2 id={`script-${key || 'default'}`}>{label}</h2>
            {s.who.length ? <p className="muted">For {s.who.join(', ')}.</p> : null}
            <Form method="post" noValidate>
              <input type="hidden" name="role" value={key} />
              <Field
                name="body"
                idPrefix={`script-${key || 'default'}`}
                label="Script"
                errors={failed ? actionData.errors : undefined}
                hint={
                  s.role
                    ? 'Empty: the default script is used.'
                    : 'Empty: Vigil’s short default (below) is used.'
                }
              >
                {(p) => (
                  <textarea
                    {...p}
                    rows={8}
                    defaultValue={failed ? actionData.values.body : s.body}
                    placeholder={s.role ? '' : d.defaultScript}
                  />
                )}
              </Field>
              <button type="submit" className="button button--primary">
                Save {s.role ? `the ${label.toLowerCase()} script` : 'the default script'}
              </button>
            </Form>
          </section>
        )
      })}
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
