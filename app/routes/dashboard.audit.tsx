import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { ErrorSummary, Field, type Errors } from '~/components/ui/field'
import { Pager } from '~/components/ui/pager'
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, type AuditAction } from '~/domain/audit'
import { countAuditEntries, listAuditActors, listAuditEntries } from '~/models/audit-log.server'
import { requireOrganizer } from '~/services/auth.server'
import { pageCount, pageFromUrl, pageHref } from '~/utils/paging'
import { AuditFilterSchema } from '~/validation/audit'
import { errorsByField } from '~/validation/dashboard'

export const meta: MetaFunction = () => [{ title: 'Audit log · Vigil' }]

const PER_PAGE = 50
const DAY = 86_400_000

/**
 * The audit log (decision 038), admins only: who did what and when, newest
 * first, filtered by action, by person and by dates (UTC days, both ends
 * included). A filter that does not parse is the form again with 400.
 */
interface AuditPage {
  values: { action: string; actor: string; from: string; to: string }
  actors: { actorId: string; actorLabel: string }[]
  errors?: Errors
  total: number
  page: number
  pages: number
  rows: { id: string; at: string; who: string; action: string; summary: string }[]
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request, { may: 'readAuditLog' })
  const url = new URL(request.url)
  const values = {
    action: url.searchParams.get('action') ?? '',
    actor: url.searchParams.get('actor') ?? '',
    from: url.searchParams.get('from') ?? '',
    to: url.searchParams.get('to') ?? '',
  }
  const actors = await listAuditActors(organizationId)
  const parsed = AuditFilterSchema.safeParse(values)
  if (!parsed.success)
    return data<AuditPage>(
      {
        values,
        actors,
        errors: errorsByField(parsed.error),
        rows: [],
        total: 0,
        page: 1,
        pages: 1,
      },
      { status: 400 },
    )
  const f = parsed.data
  const filter = {
    organizationId,
    action: (f.action || null) as AuditAction | null,
    actorId: f.actor || null,
    from: f.from ? new Date(`${f.from}T00:00:00Z`) : null,
    to: f.to ? new Date(Date.parse(`${f.to}T00:00:00Z`) + DAY) : null,
  }
  const page = pageFromUrl(url)
  const [entries, total] = await Promise.all([
    listAuditEntries({ ...filter, limit: PER_PAGE, offset: (page - 1) * PER_PAGE }),
    countAuditEntries(filter),
  ])
  return data<AuditPage>({
    values,
    actors,
    total,
    page,
    pages: pageCount(total, PER_PAGE),
    rows: entries.map((e) => ({
      id: e.id,
      at: e.createdAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      who: e.actorLabel,
      action: AUDIT_ACTION_LABELS[e.action] ?? e.action,
      summary: e.summary,
    })),
  })
}

export default function AuditLog() {
  const d = useLoaderData() as AuditPage
  const href = (p: number) => pageHref(d.values, p)
  return (
    <div className="dash">
      <h1>Audit log</h1>
      <p className="muted">
        What organizers did, and when: case and petition changes, mail sent, moderation, exports,
        erasures, tokens and team changes, from the dashboard, the API and the command line.
      </p>
      <Form method="get" className="panel" noValidate>
        <ErrorSummary errors={d.errors} />
        <div className="dash-grid">
          <Field name="action" label="Action" errors={d.errors} idPrefix="audit">
            {(p) => (
              <select {...p} defaultValue={d.values.action}>
                <option value="">Any action</option>
                {AUDIT_ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {AUDIT_ACTION_LABELS[a]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="actor" label="Person" errors={d.errors} idPrefix="audit">
            {(p) => (
              <select {...p} defaultValue={d.values.actor}>
                <option value="">Anyone</option>
                {d.actors.map((a) => (
                  <option key={a.actorId} value={a.actorId}>
                    {a.actorLabel}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="from" label="From (UTC day)" errors={d.errors} idPrefix="audit">
            {(p) => <input {...p} type="date" defaultValue={d.values.from} />}
          </Field>
          <Field name="to" label="To (UTC day)" errors={d.errors} idPrefix="audit">
            {(p) => <input {...p} type="date" defaultValue={d.values.to} />}
          </Field>
        </div>
        <button type="submit" className="button">
          Filter
        </button>
      </Form>
      <p className="muted">
        {d.total.toLocaleString('en-US')} {d.total === 1 ? 'entry' : 'entries'}
      </p>
      {d.rows.length === 0 ? (
        <p className="panel">Nothing here.</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td data-label="When">{r.at}</td>
                  <td data-label="Who">{r.who}</td>
                  <td data-label="Action">{r.action}</td>
                  <td data-label="What">{r.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={d.page} pages={d.pages} href={href} />
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
