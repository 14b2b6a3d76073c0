import type { MessageStatus } from '~/domain/states'

const n = (value: number) => value.toLocaleString('en-US')

export interface MessageNumbers {
  totalTargeted: number
  queued: number
  sent: number
  failed: number
  skipped: number
  cancelled: number
  unsubscribed: number
}

/**
 * A message's progress: "N of N sent" with a progress bar and its numbers
 * once it has fanned out; before that, when it goes and how many it would
 * reach now.
 */
export function MessageProgress({
  message,
  stats,
  reach,
}: {
  message: {
    status: MessageStatus
    fannedOut: boolean
    scheduledAt: string | null
    hoursBeforeDeadline: number | null
    finishedAt: string | null
    cancelledAt: string | null
    cancelReason: string | null
  }
  stats: MessageNumbers
  reach: number | null
}) {
  const settled = stats.sent + stats.failed + stats.skipped + stats.cancelled
  return (
    <section className="panel" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      {message.fannedOut ? (
        <>
          <p aria-live="polite" className="progress-line">
            <label htmlFor="sent-progress">
              <strong>
                {n(stats.sent)} of {n(stats.totalTargeted)} sent
              </strong>
            </label>
            {message.status === 'sending' && stats.queued > 0 ? ` · ${n(stats.queued)} to go` : ''}
          </p>
          <progress
            id="sent-progress"
            className="send-progress"
            max={Math.max(1, stats.totalTargeted)}
            value={stats.sent}
          >
            {n(stats.sent)} of {n(stats.totalTargeted)}
          </progress>
          <dl className="stat-row">
            <div className="stat">
              <dt>Targeted</dt>
              <dd className="stat__value">{n(stats.totalTargeted)}</dd>
            </div>
            <div className="stat">
              <dt>Sent</dt>
              <dd className="stat__value">{n(stats.sent)}</dd>
            </div>
            <div className={`stat${stats.failed ? ' stat--warn' : ''}`}>
              <dt>Failed</dt>
              <dd className="stat__value">{n(stats.failed)}</dd>
            </div>
            <div className="stat">
              <dt>Unsubscribed</dt>
              <dd className="stat__value">{n(stats.unsubscribed)}</dd>
            </div>
            <div className="stat">
              <dt>Skipped</dt>
              <dd className="stat__value">{n(stats.skipped)}</dd>
            </div>
          </dl>
          <p className="field__hint">
            Skipped: unsubscribed or suppressed before their turn.
            {stats.cancelled ? ` ${n(stats.cancelled)} not sent: cancelled.` : ''}
            {settled < stats.totalTargeted && message.status === 'sending'
              ? ' Temporary failures are retried for 24 hours.'
              : ''}
          </p>
        </>
      ) : (
        <p>
          {message.status === 'scheduled' && message.scheduledAt ? (
            <>
              Scheduled for <strong>{message.scheduledAt}</strong>
              {message.hoursBeforeDeadline !== null
                ? `, ${message.hoursBeforeDeadline} hours before the case’s date (it moves when the date moves)`
                : ''}
              .{' '}
            </>
          ) : null}
          {message.status === 'scheduled' && !message.scheduledAt ? (
            <>
              Timed {message.hoursBeforeDeadline} hours before the case&rsquo;s date, which it does
              not have yet: it is sent once the date is set.{' '}
            </>
          ) : null}
          {message.status === 'cancelled' ? 'Cancelled before sending. ' : null}
          {reach !== null ? (
            <>
              Would reach <strong>{n(reach)}</strong> {reach === 1 ? 'signer' : 'signers'} now.
            </>
          ) : null}
        </p>
      )}
      {message.finishedAt ? <p className="muted">Finished {message.finishedAt}.</p> : null}
      {message.cancelledAt ? (
        <p className="muted">
          Cancelled {message.cancelledAt}.{message.cancelReason ? ` ${message.cancelReason}` : ''}
        </p>
      ) : null}
    </section>
  )
}
