import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { MODERATION_ACTION_LABELS, SIGNATURE_STATUS_LABELS } from '~/domain/labels'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { ModerationForms } from '~/components/dashboard/moderation-forms'
import { Notice, type Errors } from '~/components/ui/field'
import {
  describeCriteria,
  listModerationActions,
  ModerationAlreadyUndoneError,
  type ModerationCriteria,
} from '~/models/moderation.server'
import { invalidate, release, undo } from '~/services/moderation.server'
import { getPetitionStats } from '~/models/petition-stats.server'
import { getPetitionForOrganization } from '~/models/petition.server'
import { countSignatures, listSignatures } from '~/models/signature-list.server'
import { SIGNATURE_STATUSES, type SignatureStatus } from '~/domain/states'
import { requireOrganizer } from '~/services/auth.server'
import { notFoundInOrganization } from '~/services/form-errors.server'
import { formatShortDateTime, zonedLocalToInstant } from '~/utils/zoned-time'
import { errorsByField } from '~/validation/dashboard'
import { ModerationSchema } from '~/validation/moderation'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `Signatures · ${d?.petition.title ?? 'Petition'} · Vigil` },
]

const PER_PAGE = 50

const notFound: () => never = () => notFoundInOrganization('petition')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const petition = await getPetitionForOrganization({ organizationId, petitionId: params.id! })
  if (!petition) notFound()
  const url = new URL(request.url)
  const q = url.searchParams.get('q')?.trim().slice(0, 200) ?? ''
  const statusParam = url.searchParams.get('status') ?? ''
  const status = (SIGNATURE_STATUSES as readonly string[]).includes(statusParam)
    ? (statusParam as SignatureStatus)
    : undefined
  const cursor = url.searchParams.get('cursor')
  const tz = petition.case.timeZone
  const [page, stats, actions, matching] = await Promise.all([
    listSignatures({ organizationId, petitionId: petition.id, q, status, cursor, limit: PER_PAGE }),
    getPetitionStats({ petitionId: petition.id, timeZone: tz }),
    listModerationActions({ organizationId, petitionId: petition.id, limit: 20 }),
    // Counting a prefix search is cheap; the unfiltered totals come from the statistics.
    q ? countSignatures({ organizationId, petitionId: petition.id, q, status }) : null,
  ])
  if (!page) notFound()
  const total = Object.values(stats.counts).reduce((a, b) => a + b, 0)
  const done = url.searchParams.get('done')
  const n = Number(url.searchParams.get('n')) || 0
  const doneMessage =
    done === 'invalidated'
      ? `${n.toLocaleString('en-US')} signatures invalidated.`
      : done === 'released'
        ? `${n.toLocaleString('en-US')} held signatures released.`
        : done === 'undone'
          ? `Undone: ${n.toLocaleString('en-US')} signatures restored.`
          : done === 'none'
            ? 'No signature matched; nothing was changed.'
            : null
  const params2 = (extra: Record<string, string>) =>
    `?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}), ...extra })}`
  return {
    petition: { id: petition.id, title: petition.title },
    timeZone: tz,
    q,
    status: status ?? '',
    counts: stats.counts,
    matching: matching ?? (status ? stats.counts[status] : total),
    signatures: page.signatures.map((s) => ({
      id: s.id,
      name: s.name,
      email: s.email,
      place: [s.locality, s.postalCode, s.country].filter(Boolean).join(', '),
      status: s.status,
      ip: s.ip,
      signedAt: formatShortDateTime(s.createdAt, tz),
    })),
    nextLink: page.nextCursor ? params2({ cursor: page.nextCursor }) : null,
    firstLink: cursor ? params2({}) : null,
    actions: actions.map((a) => ({
      id: a.id,
      kind: a.kind,
      description: describeCriteria(a.criteria),
      affected: a.affected,
      at: formatShortDateTime(a.createdAt, tz),
      by: a.createdByEmail,
      undoneAt: a.undoneAt ? formatShortDateTime(a.undoneAt, tz) : null,
    })),
    done: doneMessage,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const { organizationId } = organizer
  const petition = await getPetitionForOrganization({ organizationId, petitionId: params.id! })
  if (!petition) notFound()
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const back = (done: string, n: number) =>
    redirect(`/dashboard/petitions/${petition.id}/signatures?done=${n ? done : 'none'}&n=${n}`, 303)
  const signatureIds = form.getAll('signatureIds').filter((v): v is string => typeof v === 'string')

  if (intent === 'undo') {
    try {
      const undone = await undo({
        organizationId,
        actionId: String(form.get('actionId') ?? ''),
        actorId: organizer.userId,
      })
      if (!undone || undone.petitionId !== petition.id) notFound()
      return back('undone', undone.affected)
    } catch (error) {
      if (error instanceof ModerationAlreadyUndoneError)
        return data({ intent, errors: { form: [error.message] } }, { status: 409 })
      throw error
    }
  }

  if (intent === 'release') {
    if (signatureIds.length === 0)
      return data(
        { intent: 'selection', errors: { signatureIds: ['Select at least one signature.'] } },
        { status: 400 },
      )
    const released = await release({
      organizationId,
      petitionId: petition.id,
      signatureIds,
      actorId: organizer.userId,
    })
    if (!released) notFound()
    return back('released', released.affected)
  }

  if (intent === 'release-all') {
    const released = await release({
      organizationId,
      petitionId: petition.id,
      actorId: organizer.userId,
    })
    if (!released) notFound()
    return back('released', released.affected)
  }

  if (intent !== 'invalidate')
    return data(
      { intent, errors: { form: ['Choose one of the actions offered.'] } },
      { status: 400 },
    )

  const values: Record<string, string> = {}
  for (const key of ['criterion', 'cidr', 'domain', 'from', 'to']) {
    const v = form.get(key)
    if (typeof v === 'string') values[key] = v
  }
  const parsed = ModerationSchema.safeParse({ ...values, signatureIds })
  if (!parsed.success)
    return data(
      { intent: values.criterion ?? 'selection', errors: errorsByField(parsed.error), values },
      { status: 400 },
    )
  let criteria: ModerationCriteria
  const input = parsed.data
  if (input.criterion === 'selection')
    criteria = { type: 'selection', signatureIds: input.signatureIds }
  else if (input.criterion === 'ip') criteria = { type: 'ip', cidr: input.cidr }
  else if (input.criterion === 'domain') criteria = { type: 'domain', domain: input.domain }
  else {
    const from = zonedLocalToInstant(input.from, petition.case.timeZone)
    const to = zonedLocalToInstant(input.to, petition.case.timeZone)
    if (!from || !to)
      return data(
        { intent: 'window', errors: { from: ['Enter a date and time.'] }, values },
        { status: 400 },
      )
    criteria = { type: 'window', from: from.toISOString(), to: to.toISOString() }
  }
  const result = await invalidate({
    organizationId,
    petitionId: petition.id,
    criteria,
    actorId: organizer.userId,
  })
  if (!result) notFound()
  return back('invalidated', result.affected)
}

export default function SignatureList() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { intent: string; errors: Errors; values?: Record<string, string> } | undefined
  const errorsFor = (intent: string) =>
    actionData?.intent === intent ? actionData.errors : undefined
  const valuesFor = (intent: string) =>
    actionData?.intent === intent ? (actionData.values ?? {}) : {}
  const base = `/dashboard/petitions/${d.petition.id}`
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/petitions">Petitions</Link> · <Link to={base}>{d.petition.title}</Link>
      </p>
      <div className="dash-head">
        <h1>Signatures</h1>
        <a className="button" href={`${base}/export`} download>
          Download CSV
        </a>
      </div>
      <Notice message={d.done} />
      {errorsFor('undo') || errorsFor('release-all') ? (
        <p className="form-alert" role="alert">
          {(errorsFor('undo') ?? errorsFor('release-all'))!.form?.join(' ')}
        </p>
      ) : null}

      <Form method="get" className="search" role="search">
        <label htmlFor="sig-q" className="visually-hidden">
          Search by the start of a name or email
        </label>
        <input id="sig-q" name="q" defaultValue={d.q} placeholder="Name or email starts with…" />
        <label htmlFor="sig-status" className="visually-hidden">
          Status
        </label>
        <select id="sig-status" name="status" defaultValue={d.status}>
          <option value="">
            All (
            {Object.values(d.counts)
              .reduce((a, b) => a + b, 0)
              .toLocaleString('en-US')}
            )
          </option>
          {SIGNATURE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {SIGNATURE_STATUS_LABELS[s]} ({d.counts[s].toLocaleString('en-US')})
            </option>
          ))}
        </select>
        <button className="button" type="submit">
          Search
        </button>
      </Form>
      <p className="muted">{d.matching.toLocaleString('en-US')} signatures match.</p>

      <Form method="post" noValidate>
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Select</span>
                </th>
                <th scope="col">Name and email</th>
                <th scope="col">Place</th>
                <th scope="col">Signed</th>
                <th scope="col">IP</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {d.signatures.map((s) => (
                <tr key={s.id}>
                  <td>
                    <input
                      type="checkbox"
                      name="signatureIds"
                      value={s.id}
                      id={`sel-${s.id}`}
                      className="row-check"
                    />
                  </td>
                  <td data-label="Name and email">
                    <label htmlFor={`sel-${s.id}`}>{s.name}</label>
                    <div className="muted small break">{s.email}</div>
                  </td>
                  <td data-label="Place">{s.place}</td>
                  <td data-label="Signed" className="small">
                    {s.signedAt}
                  </td>
                  <td data-label="IP" className="small mono">
                    {s.ip ?? '—'}
                  </td>
                  <td data-label="Status">
                    <span className={`status status--sig-${s.status}`}>
                      {SIGNATURE_STATUS_LABELS[s.status]}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {d.signatures.length === 0 ? <p className="muted">No signatures here.</p> : null}
        {errorsFor('selection')?.signatureIds ? (
          <p className="field__error" role="alert">
            {errorsFor('selection')!.signatureIds!.join(' ')}
          </p>
        ) : null}
        <div className="bulk-bar">
          <span className="muted small">With the selected:</span>
          <input type="hidden" name="criterion" value="selection" />
          <button className="button" type="submit" name="intent" value="invalidate">
            Invalidate
          </button>
          <button className="button" type="submit" name="intent" value="release">
            Release if held
          </button>
        </div>
      </Form>
      <nav className="pager" aria-label="Pages">
        {d.firstLink ? <Link to={d.firstLink}>← First page</Link> : <span />}
        {d.nextLink ? <Link to={d.nextLink}>Next page →</Link> : <span />}
      </nav>

      <h2>Moderation</h2>
      <ModerationForms errorsFor={errorsFor} valuesFor={valuesFor} timeZone={d.timeZone} />
      {d.counts.held > 0 ? (
        <Form method="post" className="panel">
          <input type="hidden" name="intent" value="release-all" />
          <p>
            {d.counts.held.toLocaleString('en-US')} signatures are held for review. Releasing counts
            those whose signers confirmed; the others are sent their confirmation mail now and count
            once confirmed. Signers on the <Link to="/dashboard/abuse">block list</Link> stay held:
            select them to release them.
          </p>
          <button className="button" type="submit">
            Release all held
          </button>
        </Form>
      ) : null}

      <h2>History</h2>
      {d.actions.length === 0 ? <p className="muted">No moderation yet.</p> : null}
      <ul className="link-list">
        {d.actions.map((a) => (
          <li key={a.id} className="row-between">
            <span>
              <strong>{MODERATION_ACTION_LABELS[a.kind]}</strong>{' '}
              {a.affected.toLocaleString('en-US')} — {a.description}
              <div className="muted small">
                {a.at}
                {a.by ? ` by ${a.by}` : ''}
                {a.undoneAt ? ` · undone ${a.undoneAt}` : ''}
              </div>
            </span>
            {a.kind === 'invalidate' && !a.undoneAt ? (
              <Form method="post">
                <input type="hidden" name="intent" value="undo" />
                <input type="hidden" name="actionId" value={a.id} />
                <button className="button button--small" type="submit">
                  Undo
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
