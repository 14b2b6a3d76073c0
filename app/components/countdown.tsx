import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type NextDateKind } from '~/domain/states'
import { intlLocale } from '~/utils/i18n'
import { countdown, describeCountdownIn } from '~/utils/time'

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
  const { t, i18n } = useTranslation()
  const [now, setNow] = useState(() => new Date(renderedAt))
  useEffect(() => {
    setNow(new Date())
    const timer = setInterval(() => setNow(new Date()), 30_000)
    return () => clearInterval(timer)
  }, [])
  const date = new Date(nextDate)
  const left = countdown(date, now)
  const label = t(`nextDateKind.${kind ?? 'other'}`)
  return (
    <div className={`countdown${left.days < 3 && !left.past ? ' countdown--urgent' : ''}`}>
      <p className="countdown__label">{label}</p>
      <p className="countdown__value">
        {left.past ? (
          t('time.this_passed')
        ) : (
          <strong>
            {t('time.left', { time: describeCountdownIn(left, intlLocale(i18n.language)) })}
          </strong>
        )}
      </p>
      <p className="countdown__date">
        <time dateTime={date.toISOString()}>{dateLabel}</time>
      </p>
      {stayed ? <p className="countdown__note">{t('time.stayed')}</p> : null}
    </div>
  )
}
