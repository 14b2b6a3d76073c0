import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { CaseForm, timeZoneList } from '~/components/dashboard/case-form'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { Field, Notice, type Errors } from '~/components/ui/field'
import { OFFICIAL_ROLE_LABELS } from '~/domain/labels'
import {
  getCaseForOrganization,
  listCaseEvents,
  listCaseOfficials,
  setCaseOfficials,
  type CaseEvent,
} from '~/models/case.server'
import { updateCase } from '~/services/cases.server'
import { proposeDecisionRoles } from '~/services/clemency.server'
import { DecisionRoles } from '~/components/dashboard/decision-roles'
import { listDeadlineMessages, listOfferedUpdates } from '~/models/deadline-mail.server'
import { listOfficials, UnknownOfficialsError } from '~/models/official.server'
import { listPetitionsForOrganization } from '~/models/petition.server'
import { CASE_STATUS_LABELS } from '~/domain/labels'
import { OFFICIAL_ROLES, type CaseStatus } from '~/domain/states'
import { requireOrganizer } from '~/services/auth.server'
import { notFoundInOrganization } from '~/services/form-errors.server'
import { formatDateTime } from '~/utils/time'
import { instantToZonedLocal, zonedLocalToInstant } from '~/utils/zoned-time'
import {
  AttachOfficialSchema,
  CaseFormSchema,
  errorsByField,
  formObject,
} from '~/validation/dashboard'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d?.kase.personName ?? 'Case'} · Vigil` },
]

const DONE: Record<string, string> = {
  created: 'Case created.',
  saved: 'Changes saved.',
  attached: 'Official attached.',
  detached: 'Official removed from the case.',
}

const notFound: () => never = () => notFoundInOrganization('case')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const kase = await getCaseForOrganization({ organizationId, caseId: params.id! })
  if (!kase) notFound()
  const url = new URL(request.url)
  const officialQuery = url.searchParams.get('officialQuery')?.trim().slice(0, 200) ?? ''
  const [events, officials, petitions, found, offered, timed] = await Promise.all([
    listCaseEvents(kase.id),
    listCaseOfficials(kase.id),
    listPetitionsForOrganization({ organizationId, caseId: kase.id, limit: 50 }),
    officialQuery ? listOfficials({ organizationId, q: officialQuery, limit: 20 }) : [],
    listOfferedUpdates({ organizationId, caseId: kase.id }),
    listDeadlineMessages({ organizationId, caseId: kase.id }),
  ])
  const tz = kase.timeZone
  const proposal = await proposeDecisionRoles({
    organizationId,
    jurisdiction: kase.jurisdiction,
    present: officials.map((o) => o.role),
  })
  return {
    proposal,
    kase: {
      id: kase.id,
      slug: kase.slug,
      personName: kase.personName,
      status: kase.status,
      jurisdiction: kase.jurisdiction,
    },
    values: {
      personName: kase.personName,
      caseNumber: kase.caseNumber ?? '',
      jurisdiction: kase.jurisdiction,
      court: kase.court ?? '',
      status: kase.status,
      nextDate: kase.nextDate ? instantToZonedLocal(kase.nextDate, tz) : '',
      nextDateKind: kase.nextDateKind ?? '',
      timeZone: tz,
      summary: kase.summary,
      sources: kase.sources.join('\n'),
    },
    timeZones: timeZoneList(),
    events: events.map((e) => ({ ...describeEvent(e, tz), id: e.id })),
    officials,
    officialQuery,
    found: found.filter((o) => !officials.some((a) => a.id === o.id)),
    petitions: petitions.map((p) => ({ id: p.id, title: p.title, status: p.status })),
    offered: offered.map((m) => ({ id: m.id, subject: m.subject })),
    timed: timed.map((m) => ({
      id: m.id,
      subject: m.subject,
      when: `${m.hoursBeforeDeadline} hours before the date: ${
        m.scheduledAt ? formatDateTime(m.scheduledAt, tz) : 'waiting for a new date'
      }`,
    })),
    done: DONE[url.searchParams.get('done') ?? ''] ?? null,
  }
}

function describeEvent(e: CaseEvent, tz: string) {
  const label = (s: CaseStatus | null) => (s ? CASE_STATUS_LABELS[s] : '—')
  const date = (d: Date | null) => (d ? formatDateTime(d, tz) : 'no date')
  let title: string
  if (e.kind === 'status_changed') title = `Status: ${label(e.fromStatus)} → ${label(e.toStatus)}`
  else if (e.kind === 'date_changed') title = `Date: ${date(e.fromDate)} → ${date(e.toDate)}`
  else if (e.kind === 'created') title = 'Case added'
  else title = e.kind.replace(/_/g, ' ')
  return {
    title,
    at: formatDateTime(e.occurredAt, tz),
    note: e.note,
    sourceUrl: e.sourceUrl,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const { organizationId } = organizer
  const kase = await getCaseForOrganization({ organizationId, caseId: params.id! })
  if (!kase) notFound()
  const form = await readForm(request)
  const intent = form.get('intent')

  if (intent === 'attach' || intent === 'detach') {
    const current = await listCaseOfficials(kase.id)
    const parsed =
      intent === 'attach'
        ? AttachOfficialSchema.safeParse(formObject(form))
        : AttachOfficialSchema.safeParse({ ...formObject(form), role: 'other' })
    if (!parsed.success)
      return data(
        { intent, errors: errorsByField(parsed.error), values: formObject(form) },
        { status: 400 },
      )
    const rest = current
      .filter((o) => o.id !== parsed.data.officialId)
      .map((o) => ({ officialId: o.id, role: o.role }))
    const next =
      intent === 'attach'
        ? [...rest, { officialId: parsed.data.officialId, role: parsed.data.role }]
        : rest
    try {
      await setCaseOfficials({ organizationId, caseId: kase.id, officials: next })
    } catch (error) {
      if (error instanceof UnknownOfficialsError) notFound()
      throw error
    }
    return redirect(`/dashboard/cases/${kase.id}?done=${intent}ed#officials`, 303)
  }

  if (intent !== 'update')
    return data({ intent, errors: { form: ['Unknown action.'] } }, { status: 400 })
  const raw = formObject(form) as Record<string, string>
  const parsed = CaseFormSchema.safeParse(raw)
  const nextDate =
    parsed.success && parsed.data.nextDate
      ? zonedLocalToInstant(parsed.data.nextDate, parsed.data.timeZone)
      : null
  if (!parsed.success || (parsed.data.nextDate && !nextDate)) {
    const errors: Errors = parsed.success
      ? { nextDate: ['Enter a date and time.'] }
      : errorsByField(parsed.error)
    return data({ intent, errors, values: raw }, { status: 400 })
  }
  const input = parsed.data
  // The form shows minutes: an unchanged field must not read as a date change.
  const sameMinute =
    kase.nextDate &&
    nextDate &&
    Math.floor(kase.nextDate.getTime() / 60_000) === Math.floor(nextDate.getTime() / 60_000)
  await updateCase({
    organizationId,
    caseId: kase.id,
    changes: {
      personName: input.personName,
      caseNumber: input.caseNumber,
      jurisdiction: input.jurisdiction,
      court: input.court,
      status: input.status,
      nextDate: sameMinute ? kase.nextDate : nextDate,
      nextDateKind: input.nextDateKind,
      timeZone: input.timeZone,
      summary: input.summary,
      sources: input.sources,
    },
    note: input.note,
    sourceUrl: input.sourceUrl,
    actorId: organizer.userId,
  })
  return redirect(`/dashboard/cases/${kase.id}?done=saved`, 303)
}

export default function EditCase() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { intent: string; errors: Errors; values: Record<string, string> } | undefined
  const updateErrors = actionData?.intent === 'update' ? actionData : undefined
  const attachErrors = actionData?.intent === 'attach' ? actionData.errors : undefined
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/cases">Cases</Link>
      </p>
      <div className="dash-head">
        <h1>{d.kase.personName}</h1>
        <div className="dash-actions">
          <a className="button" href={`/cases/${d.kase.slug}`}>
            Public page
          </a>
          <Link className="button" to={`/dashboard/cases/${d.kase.id}/scripts`}>
            Call scripts
          </Link>
          <Link
            className="button button--primary"
            to={`/dashboard/petitions/new?caseId=${d.kase.id}`}
          >
            New petition
          </Link>
        </div>
      </div>
      <Notice message={d.done} />
      <div className="dash-grid">
        <section className="panel" aria-labelledby="edit-heading">
          <h2 id="edit-heading">Details</h2>
          <CaseForm
            values={updateErrors?.values ?? d.values}
            errors={updateErrors?.errors}
            timeZones={d.timeZones}
            submitLabel="Save changes"
            withChangeNote
            photoHref={`/dashboard/cases/${d.kase.id}/photo`}
          />
        </section>
        <div>
          <section className="panel" id="officials" aria-labelledby="officials-heading">
            <h2 id="officials-heading">Decision makers</h2>
            <DecisionRoles proposal={d.proposal} jurisdiction={d.kase.jurisdiction} />
            {d.officials.length === 0 ? (
              <p className="muted">No officials attached yet.</p>
            ) : (
              <ul className="link-list">
                {d.officials.map((o) => (
                  <li key={o.id} className="row-between">
                    <span>
                      <Link to={`/dashboard/officials/${o.id}`}>{o.name}</Link>
                      <span className="muted"> — {OFFICIAL_ROLE_LABELS[o.role]}</span>
                      {o.title ? <div className="muted small">{o.title}</div> : null}
                    </span>
                    <Form method="post">
                      <input type="hidden" name="intent" value="detach" />
                      <input type="hidden" name="officialId" value={o.id} />
                      <button className="button button--small" type="submit">
                        Remove<span className="visually-hidden"> {o.name}</span>
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            )}
            <h3>Attach an official</h3>
            <Form method="get" className="search" role="search">
              <label htmlFor="official-q" className="visually-hidden">
                Find an official
              </label>
              <input
                id="official-q"
                name="officialQuery"
                defaultValue={d.officialQuery}
                placeholder="Name, office, email"
              />
              <button className="button" type="submit">
                Find
              </button>
            </Form>
            {attachErrors ? (
              <p className="field__error" role="alert">
                {Object.values(attachErrors).flat().join(' ')}
              </p>
            ) : null}
            {d.officialQuery && d.found.length === 0 ? (
              <p className="muted">
                No official matches. <Link to="/dashboard/officials/new">Add one</Link>.
              </p>
            ) : null}
            <ul className="link-list">
              {d.found.map((o) => (
                <li key={o.id}>
                  <Form method="post" className="attach-row">
                    <input type="hidden" name="intent" value="attach" />
                    <input type="hidden" name="officialId" value={o.id} />
                    <span>
                      {o.name}
                      {o.title ? <span className="muted"> — {o.title}</span> : null}
                    </span>
                    <Field
                      name="role"
                      label={<span className="visually-hidden">Role of {o.name}</span>}
                      idPrefix={`role-${o.id}`}
                    >
                      {(p) => (
                        <select {...p} defaultValue="governor">
                          {OFFICIAL_ROLES.map((r) => (
                            <option key={r} value={r}>
                              {OFFICIAL_ROLE_LABELS[r]}
                            </option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <button className="button button--small" type="submit">
                      Attach
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          </section>
          {d.offered.length > 0 || d.timed.length > 0 ? (
            <section className="panel" aria-labelledby="mail-heading">
              <h2 id="mail-heading">Mail to signers</h2>
              {d.offered.length > 0 ? (
                <>
                  <p>
                    The case&rsquo;s outcome changed: Vigil drafted an update to signers from its
                    template. Review it, edit it if you wish, and send it.
                  </p>
                  <ul className="link-list">
                    {d.offered.map((m) => (
                      <li key={m.id}>
                        <Link
                          to={`/dashboard/messages/${m.id}`}
                        >{`Review and send: ${m.subject}`}</Link>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {d.timed.length > 0 ? (
                <>
                  <p>Timed by this case&rsquo;s date (they move when it moves):</p>
                  <ul className="link-list">
                    {d.timed.map((m) => (
                      <li key={m.id}>
                        <Link to={`/dashboard/messages/${m.id}`}>{m.subject}</Link>{' '}
                        <span className="muted">{m.when}</span>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </section>
          ) : null}
          <section className="panel" aria-labelledby="petitions-heading">
            <h2 id="petitions-heading">Petitions</h2>
            {d.petitions.length === 0 ? <p className="muted">None yet.</p> : null}
            <ul className="link-list">
              {d.petitions.map((p) => (
                <li key={p.id}>
                  <Link to={`/dashboard/petitions/${p.id}`}>{p.title}</Link>{' '}
                  <span className={`status status--${p.status}`}>{p.status}</span>
                </li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            <ol className="timeline">
              {d.events.map((e) => (
                <li key={e.id}>
                  <time>{e.at}</time>
                  <p>
                    <strong>{e.title}</strong>
                  </p>
                  {e.note ? <p>{e.note}</p> : null}
                  {e.sourceUrl ? (
                    <p>
                      <a href={e.sourceUrl} rel="noopener noreferrer">
                        Source
                      </a>
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
