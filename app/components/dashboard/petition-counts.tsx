import type { SignatureStatus } from '~/domain/states'

/**
 * A petition's numbers as its organizers read them: by status, today, and
 * within the case's jurisdiction ("—" where Vigil cannot tell).
 */
export function PetitionCounts({
  counts,
  today,
  inJurisdiction,
  placeLabel,
}: {
  counts: Record<SignatureStatus, number>
  today: number
  inJurisdiction: number | null
  placeLabel: string
}) {
  return (
    <dl className="stat-row">
      <div className="stat">
        <dt>Confirmed</dt>
        <dd className="stat__value">{counts.confirmed.toLocaleString('en-US')}</dd>
      </div>
      <div className="stat">
        <dt>Pending</dt>
        <dd className="stat__value">{counts.pending.toLocaleString('en-US')}</dd>
      </div>
      <div className={`stat${counts.held ? ' stat--warn' : ''}`}>
        <dt>Held for review</dt>
        <dd className="stat__value">{counts.held.toLocaleString('en-US')}</dd>
      </div>
      <div className="stat">
        <dt>Invalidated</dt>
        <dd className="stat__value">{counts.invalidated.toLocaleString('en-US')}</dd>
      </div>
      <div className="stat">
        <dt>Today</dt>
        <dd className="stat__value">{today.toLocaleString('en-US')}</dd>
      </div>
      <div className="stat">
        <dt>In {placeLabel}</dt>
        <dd className="stat__value">
          {inJurisdiction === null ? '—' : inJurisdiction.toLocaleString('en-US')}
        </dd>
      </div>
    </dl>
  )
}
