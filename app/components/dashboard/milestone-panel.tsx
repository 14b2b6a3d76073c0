import { Form, Link } from '@remix-run/react'
import type { MilestonePercent } from '~/domain/milestones'

/**
 * Milestones on the petition's page (decision 028): how far the count has
 * come, the goal raised in one click, and a prefilled update to the
 * signers. A plain form and a link: no script needed.
 */
export function MilestonePanel({
  petitionId,
  highest,
  reachedOn,
  suggestedGoal,
  canMail,
}: {
  petitionId: string
  /** The highest milestone reached for the present goal, or null. */
  highest: MilestonePercent | null
  reachedOn: string | null
  /** The goal one click sets. */
  suggestedGoal: number
  canMail: boolean
}) {
  if (highest === null) return null
  return (
    <section className="panel milestone" id="milestones" aria-labelledby="milestone-heading">
      <h2 id="milestone-heading">
        {highest === 100 ? 'The goal is reached' : `${highest}% of the goal`}
      </h2>
      {reachedOn ? <p className="muted">Since {reachedOn}.</p> : null}
      <div className="dash-actions">
        {highest >= 75 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="raise-goal" />
            <input type="hidden" name="goal" value={suggestedGoal} />
            <button type="submit" className="button button--primary">
              Raise the goal to {suggestedGoal.toLocaleString('en-US')}
            </button>
          </Form>
        ) : null}
        {canMail ? (
          <Link
            className="button"
            to={`/dashboard/messages/new?petitionId=${petitionId}&milestone=${highest}`}
          >
            Send a milestone update to signers
          </Link>
        ) : null}
      </div>
    </section>
  )
}
