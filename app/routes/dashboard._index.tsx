import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PetitionTable } from '~/components/dashboard/petition-table'
import { listCasesForOrganization } from '~/models/case.server'
import { getPetitionCountSummaries } from '~/models/petition-stats.server'
import { listPetitionsForOrganization } from '~/models/petition.server'
import { CASE_STATUS_LABELS, NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { requireOrganizer } from '~/services/auth.server'
import { daysLeft, plural } from '~/utils/time'
import { formatShortDateTime } from '~/utils/zoned-time'

export const meta: MetaFunction = () => [{ title: 'Dashboard · Vigil' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const { organizationId } = organizer
  const [petitions, cases] = await Promise.all([
    listPetitionsForOrganization({ organizationId, limit: 50 }),
    listCasesForOrganization({ organizationId, limit: 8 }),
  ])
  const summaries = await getPetitionCountSummaries({
    organizationId,
    petitionIds: petitions.map((p) => p.id),
  })
  const now = new Date()
  return {
    organizationName: organizer.organizationName,
    petitions: petitions.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      goal: p.goal,
      personName: p.personName,
      caseId: p.caseId,
      deadline: p.nextDate ? formatShortDateTime(p.nextDate, p.timeZone) : null,
      daysLeft: p.nextDate ? daysLeft(p.nextDate, p.timeZone, now) : null,
      kind: p.nextDateKind ? NEXT_DATE_KIND_LABELS[p.nextDateKind] : null,
      confirmed: summaries.get(p.id)?.confirmed ?? 0,
      pending: summaries.get(p.id)?.pending ?? 0,
      held: summaries.get(p.id)?.held ?? 0,
      today: summaries.get(p.id)?.today ?? 0,
    })),
    cases: cases.map((c) => ({
      id: c.id,
      personName: c.personName,
      jurisdiction: c.jurisdiction,
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status],
      deadline: c.nextDate ? formatShortDateTime(c.nextDate, c.timeZone) : null,
      daysLeft: c.nextDate ? daysLeft(c.nextDate, c.timeZone, now) : null,
      kind: c.nextDateKind ? NEXT_DATE_KIND_LABELS[c.nextDateKind] : null,
    })),
  }
}

function DaysLeft({ days }: { days: number | null }) {
  if (days === null) return <span className="muted">No date set</span>
  if (days < 0) return <span className="muted">Passed</span>
  if (days === 0) return <strong className="urgent">Today</strong>
  return days <= 7 ? (
    <strong className="urgent">{plural(days, 'day')} left</strong>
  ) : (
    <span>{plural(days, 'day')} left</span>
  )
}

export default function DashboardHome() {
  const { petitions, cases, organizationName } = useLoaderData<typeof loader>()
  return (
    <div className="dash">
      <div className="dash-head">
        <div>
          <p className="eyebrow">{organizationName}</p>
          <h1>Dashboard</h1>
        </div>
        <div className="dash-actions">
          <Link className="button" to="/dashboard/cases/new">
            New case
          </Link>
          <Link className="button button--primary" to="/dashboard/petitions/new">
            New petition
          </Link>
        </div>
      </div>

      <section aria-labelledby="petitions-heading">
        <h2 id="petitions-heading">Petitions, nearest deadline first</h2>
        {petitions.length === 0 ? (
          <p className="panel muted">
            No petitions yet. <Link to="/dashboard/cases/new">Add a case</Link>, then open a
            petition for it.
          </p>
        ) : (
          <PetitionTable
            rows={petitions}
            deadline={(p) => (
              <>
                <DaysLeft days={p.daysLeft} />
                {p.deadline ? (
                  <div className="muted small">
                    {p.kind}: {p.deadline}
                  </div>
                ) : null}
              </>
            )}
          />
        )}
      </section>

      <section aria-labelledby="cases-heading">
        <h2 id="cases-heading">Cases</h2>
        {cases.length === 0 ? (
          <p className="muted">No cases yet.</p>
        ) : (
          <ul className="deadline-list">
            {cases.map((c) => (
              <li key={c.id}>
                <Link to={`/dashboard/cases/${c.id}`}>{c.personName}</Link>{' '}
                <span className={`status status--${c.status}`}>{c.statusLabel}</span>
                <div className="muted small">
                  {c.jurisdiction}
                  {c.deadline ? ` · ${c.kind}: ${c.deadline}` : ''}
                </div>
                <DaysLeft days={c.daysLeft} />
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/dashboard/cases">All cases</Link> ·{' '}
          <Link to="/dashboard/petitions">All petitions</Link> ·{' '}
          <Link to="/dashboard/officials">Officials</Link>
        </p>
      </section>

      <section aria-labelledby="export-heading">
        <h2 id="export-heading">Your data, to take elsewhere</h2>
        <p className="muted">
          Everyone who signed your petitions, with their counted signatures and whether they may be
          emailed, as one OSDI-shaped JSON file that tools such as Action Network can import.
        </p>
        <p>
          <a href="/dashboard/export" download>
            Download people and signatures (JSON)
          </a>
        </p>
      </section>
    </div>
  )
}
