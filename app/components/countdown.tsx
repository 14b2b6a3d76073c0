import { useEffect, useState } from 'react'
import { NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { type NextDateKind } from '~/domain/states'
import { countdown, describeCountdown } from '~/utils/time'

/**
 * The time left to the case's next date. The server renders it (so it reads
 * right without JavaScript); in the browser it ticks every half minute.
 * `dateLabel` is formatted on the server: browsers' date formatting differs
 * from Node's, and hydration must see the same text.
 */
export function Countdown({
  nextDate,
  dateLabel,
  kind,
  renderedAt,
  stayed = false,
}: {
  nextDate: string
  dateLabel: string
  kind: NextDateKind | null
  renderedAt: string
  stayed?: boolean
}) {
  const [now, setNow] = useState(() => new Date(renderedAt))
  useEffect(() => {
    setNow(new Date())
    const timer = setInterval(() => setNow(new Date()), 30_000)
    return () => clearInterval(timer)
  }, [])
  const date = new Date(nextDate)
  const left = countdown(date, now)
  const label = NEXT_DATE_KIND_LABELS[kind ?? 'other']
  return (
    <div className={`countdown${left.days < 3 && !left.past ? ' countdown--urgent' : ''}`}>
      <p className="countdown__label">{label}</p>
      <p className="countdown__value">
        {left.past ? (
          'This date has passed'
        ) : (
          <>
            <strong>{describeCountdown(left)}</strong> left
          </>
        )}
      </p>
      <p className="countdown__date">
        <time dateTime={date.toISOString()}>{dateLabel}</time>
      </p>
      {stayed ? (
        <p className="countdown__note">
          A stay is in place. The date may move; the petition stays open.
        </p>
      ) : null}
    </div>
  )
}
