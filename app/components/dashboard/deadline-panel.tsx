import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { plural } from '~/utils/time'

/** The petition's case date and how long is left, with the status buttons below. */
export function DeadlinePanel({
  caseId,
  kind,
  deadline,
  daysLeft,
  children,
}: {
  caseId: string
  kind: string
  deadline: string | null
  daysLeft: number | null
  children: ReactNode
}) {
  return (
    <section className="panel" aria-labelledby="deadline-heading">
      <h2 id="deadline-heading">Deadline</h2>
      {deadline ? (
        <>
          <p>
            <strong>{kind}</strong>: {deadline}
          </p>
          <p className={daysLeft !== null && daysLeft <= 7 ? 'urgent' : ''}>
            {daysLeft === null || daysLeft < 0
              ? 'The date has passed.'
              : daysLeft === 0
                ? 'Today.'
                : `${plural(daysLeft, 'day')} left.`}
          </p>
        </>
      ) : (
        <p className="muted">
          The case has no date. <Link to={`/dashboard/cases/${caseId}`}>Set one</Link>.
        </p>
      )}
      {children}
    </section>
  )
}
