import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type CaseStatus, type NextDateKind } from '~/domain/states'
import { intlLocale } from '~/utils/i18n'
import { countdown, describeCountdownIn } from '~/utils/time'
import { GoalBar } from './goal-bar'

export interface PetitionCardData {
  slug: string
  title: string
  /** The language of `title` (English inside a Spanish page when there is no Spanish title). */
  titleLang: string
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
  const { t, i18n } = useTranslation()
  const date = petition.nextDate ? new Date(petition.nextDate) : null
  const left = date ? countdown(date, now) : null
  const urgent = left && !left.past && left.days < 7
  return (
    <article className={`card${urgent ? ' card--urgent' : ''}`}>
      <p className="card__meta">
        {petition.personName} · {petition.jurisdiction} ·{' '}
        <span className={`status status--${petition.caseStatus}`}>
          {t(`caseStatus.${petition.caseStatus}`)}
        </span>
      </p>
      <h2 className="card__title">
        <Link
          to={`/petitions/${petition.slug}`}
          lang={petition.titleLang === i18n.language ? undefined : petition.titleLang}
        >
          {petition.title}
        </Link>
      </h2>
      {date && left ? (
        <p className="card__deadline">
          {t(`nextDateKind.${petition.nextDateKind ?? 'other'}`)}:{' '}
          <time dateTime={date.toISOString()}>{petition.dateLabel}</time>
          {left.past ? (
            ` ${t('time.passed_short')}`
          ) : (
            <strong>
              {' '}
              — {t('time.left', { time: describeCountdownIn(left, intlLocale(i18n.language)) })}
            </strong>
          )}
        </p>
      ) : (
        <p className="card__deadline">{t('time.no_date')}</p>
      )}
      <GoalBar count={petition.signatureCount} goal={petition.goal} />
    </article>
  )
}
