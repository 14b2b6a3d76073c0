import { Link } from '@remix-run/react'
import { CASE_STATUS_LABELS, NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { type CaseStatus, type NextDateKind } from '~/domain/states'
import { countdown, describeCountdown } from '~/utils/time'
import { GoalBar } from './goal-bar'

export interface PetitionCardData {
  slug: string
  title: string
  goal: number
  signatureCount: number
  personName: string
  jurisdiction: string
  caseStatus: CaseStatus
  nextDate: string | null
  /** Formatted on the server, in the case's time zone. */
  dateLabel: string | null
  nextDateKind: NextDateKind | null
  timeZone: string
}

export function PetitionCard({ petition, now }: { petition: PetitionCardData; now: Date }) {
  const date = petition.nextDate ? new Date(petition.nextDate) : null
  const left = date ? countdown(date, now) : null
  const urgent = left && !left.past && left.days < 7
  return (
    <article className={`card${urgent ? ' card--urgent' : ''}`}>
      <p className="card__meta">
        {petition.personName} · {petition.jurisdiction} ·{' '}
        <span className={`status status--${petition.caseStatus}`}>
          {CASE_STATUS_LABELS[petition.caseStatus]}
        </span>
      </p>
      <h2 className="card__title">
        <Link to={`/petitions/${petition.slug}`}>{petition.title}</Link>
      </h2>
      {date && left ? (
        <p className="card__deadline">
          {NEXT_DATE_KIND_LABELS[petition.nextDateKind ?? 'other']}:{' '}
          <time dateTime={date.toISOString()}>{petition.dateLabel}</time>
          {left.past ? ' (passed)' : <strong> — {describeCountdown(left)} left</strong>}
        </p>
      ) : (
        <p className="card__deadline">No date set</p>
      )}
      <GoalBar count={petition.signatureCount} goal={petition.goal} />
    </article>
  )
}
