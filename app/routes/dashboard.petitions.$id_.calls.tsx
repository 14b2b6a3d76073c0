import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { CALL_OUTCOME_SHORT_LABELS } from '~/domain/labels'
import { CALL_OUTCOMES, type CallOutcome } from '~/domain/states'
import { callsByHour, callsByOfficial, countHeldCalls } from '~/models/call.server'
import { getPetitionForOrganization } from '~/models/petition.server'
import { requireOrganizer } from '~/services/auth.server'
import { notFoundInOrganization } from '~/services/form-errors.server'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `Calls · ${d?.petition.title ?? 'Petition'} · Vigil` },
]

const HOURS_SHOWN = 72

type Row = { label: string; counts: Record<CallOutcome, number>; total: number }

function emptyCounts(): Record<CallOutcome, number> {
  return Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcome, number>
}

/** Rows of counts by label (an office, an hour), in the order first seen. */
function tally(rows: { label: string; outcome: CallOutcome; n: number }[]): Row[] {
  const out = new Map<string, Row>()
  for (const r of rows) {
    const row = out.get(r.label) ?? { label: r.label, counts: emptyCounts(), total: 0 }
    row.counts[r.outcome] += r.n
    row.total += r.n
    out.set(r.label, row)
  }
  return [...out.values()]
}

/** Calls to a petition's targets: per office and outcome, and by hour in the case's zone. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const petition = await getPetitionForOrganization({ organizationId, petitionId: params.id! })
  if (!petition) notFoundInOrganization('petition')
  const scope = { organizationId, petitionId: petition.id }
  const [byOfficial, byHour, held] = await Promise.all([
    callsByOfficial(scope),
    callsByHour({ ...scope, since: new Date(Date.now() - HOURS_SHOWN * 3_600_000) }),
    countHeldCalls(scope),
  ])
  const tz = petition.case.timeZone
  const hourLabel = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    timeZoneName: 'short',
  })
  const offices = tally(byOfficial.map((r) => ({ ...r, label: r.name })))
  for (const t of petition.targets)
    if (!offices.some((o) => o.label === t.name))
      offices.push({ label: t.name, counts: emptyCounts(), total: 0 })
  return {
    petition: {
      id: petition.id,
      title: petition.title,
      slug: petition.slug,
      caseId: petition.case.id,
    },
    total: petition.callCount,
    held,
    offices,
    hours: tally(byHour.map((r) => ({ ...r, label: hourLabel.format(new Date(r.hour)) }))),
  }
}

function CallTable({ caption, rows, first }: { caption: string; rows: Row[]; first: string }) {
  return (
    // Wider than a phone: the region scrolls, and takes focus so a keyboard can scroll it.
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="table table--compact">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {CALL_OUTCOMES.map((o) => (
              <th key={o} scope="col" className="num">
                {CALL_OUTCOME_SHORT_LABELS[o]}
              </th>
            ))}
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {CALL_OUTCOMES.map((o) => (
                <td key={o} className="num">
                  {r.counts[o].toLocaleString('en-US')}
                </td>
              ))}
              <td className="num">{r.total.toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export default function PetitionCalls() {
  const d = useLoaderData<typeof loader>()
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/petitions">Petitions</Link> ·{' '}
        <Link to={`/dashboard/petitions/${d.petition.id}`}>{d.petition.title}</Link>
      </p>
      <div className="dash-head">
        <h1>Calls</h1>
        <div className="dash-actions">
          <a className="button" href={`/petitions/${d.petition.slug}/call`}>
            Public call page
          </a>
          <Link className="button" to={`/dashboard/cases/${d.petition.caseId}/scripts`}>
            Call scripts
          </Link>
        </div>
      </div>
      <dl className="stat-row">
        <div className="stat">
          <dt>Calls logged</dt>
          <dd className="stat__value">{d.total.toLocaleString('en-US')}</dd>
        </div>
        <div className={`stat${d.held ? ' stat--warn' : ''}`}>
          <dt>Held (over the per-address limit)</dt>
          <dd className="stat__value">{d.held.toLocaleString('en-US')}</dd>
        </div>
      </dl>
      <section className="panel" aria-labelledby="by-office">
        <h2 id="by-office">By office and outcome</h2>
        <CallTable caption="Calls by office and outcome" rows={d.offices} first="Office" />
      </section>
      <section className="panel" aria-labelledby="by-hour">
        <h2 id="by-hour">By hour, last {HOURS_SHOWN} hours</h2>
        {d.hours.length === 0 ? (
          <p className="muted">No calls logged in that time.</p>
        ) : (
          <CallTable caption="Calls by hour and outcome" rows={d.hours} first="Hour" />
        )}
      </section>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
