import { Form } from '@remix-run/react'
import type { PetitionStatus } from '~/domain/states'

/**
 * The buttons that move a petition (publish, close, reopen, an outcome),
 * and, when none of its targets can decide clemency, the warning and the
 * "Publish anyway" a draft then needs (services/clemency.server.ts).
 */
export function PetitionStatusActions({
  status,
  actions,
  decisionWarning,
}: {
  status: PetitionStatus
  actions: { to: PetitionStatus; label: string }[]
  decisionWarning: string | null
}) {
  return (
    <>
      {decisionWarning ? (
        <p className="form-alert" role="status">
          {decisionWarning}
        </p>
      ) : null}
      {actions.length ? (
        <div className="dash-actions">
          {actions.map((a) => (
            <Form method="post" key={a.to}>
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="status" value={a.to} />
              {a.to === 'open' && status === 'draft' && decisionWarning ? (
                <label className="check">
                  <input type="checkbox" name="anyway" />
                  <span>Publish anyway</span>
                </label>
              ) : null}
              <button
                type="submit"
                className={`button${a.to === 'open' ? ' button--primary' : ''}`}
              >
                {a.label}
              </button>
            </Form>
          ))}
        </div>
      ) : null}
    </>
  )
}
