import { Link } from '@remix-run/react'
import { OFFICIAL_ROLE_LABELS } from '~/domain/labels'
import type { OfficialRole } from '~/domain/states'

export interface DecisionRolesView {
  text: string
  verified: boolean
  corrected: boolean
  sourceUrl: string
  decide: OfficialRole[]
  advise: OfficialRole[]
  missing: OfficialRole[]
}

/**
 * Who decides clemency in the case's jurisdiction, and the decision makers'
 * roles it still lacks: what the dashboard proposes for a new case.
 */
export function DecisionRoles({
  proposal,
  jurisdiction,
}: {
  proposal: DecisionRolesView | null
  jurisdiction: string
}) {
  if (!proposal)
    return (
      <p className="muted small">
        Vigil does not know who decides clemency in &ldquo;{jurisdiction}&rdquo;. Name the
        jurisdiction as a US state (Texas), Federal or Military to see the roles it needs.
      </p>
    )
  const label = (r: OfficialRole) => OFFICIAL_ROLE_LABELS[r]
  return (
    <div className="decision-roles">
      <p>
        {proposal.text}{' '}
        <span className="muted small">
          <a href={proposal.sourceUrl} rel="noopener noreferrer">
            Source
          </a>
          {proposal.corrected
            ? ' (your organization’s correction)'
            : proposal.verified
              ? ''
              : ' (not yet checked against it)'}
          . <Link to="/dashboard/clemency">Correct it</Link>
        </span>
      </p>
      <p>
        Decide: {proposal.decide.map(label).join(', ')}
        {proposal.advise.length ? `; advise: ${proposal.advise.map(label).join(', ')}` : ''}.
      </p>
      {proposal.missing.length ? (
        <p className="form-alert">
          {`Add ${proposal.missing.map((r) => label(r).toLowerCase()).join(' and ')} below: this case’s jurisdiction needs them among its decision makers.`}
        </p>
      ) : null}
    </div>
  )
}
