import { useTranslation } from 'react-i18next'
import { formatNumber } from '~/utils/i18n'

export function GoalBar({ count, goal }: { count: number; goal: number }) {
  const { t, i18n } = useTranslation()
  const percent = Math.min(100, Math.round((count / Math.max(1, goal)) * 100))
  const formatted = formatNumber(count, i18n.language)
  return (
    <div className="goal">
      <p className="goal__numbers">
        <strong>{formatted}</strong>
        {` ${t('goal.signatures', { count })}`}
        <span className="goal__target">
          {` ${t('goal.of_goal', { goal: formatNumber(goal, i18n.language) })}`}
        </span>
      </p>
      <div
        className="goal__bar"
        role="progressbar"
        aria-label={t('goal.aria')}
        aria-valuemin={0}
        aria-valuemax={goal}
        aria-valuenow={count}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
    </div>
  )
}
