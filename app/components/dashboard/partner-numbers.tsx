import { Link } from '@remix-run/react'
import { PARTNER_STATUS_LABELS } from '~/domain/labels'
import type { PartnerStatus } from '~/domain/states'

export interface PartnerNumbersRow {
  organizationId: string
  organizationName: string
  source: string
  status: PartnerStatus
  totalSignatures: number
  totalSubscribers: number
}

/**
 * Per-partner numbers (decision 043): counted signatures through each
 * partner's source, and the signers who let that partner contact them.
 */
export function PartnerNumbers({
  partners,
  caption,
}: {
  partners: PartnerNumbersRow[]
  caption: string
}) {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Partner</th>
          <th scope="col">Source</th>
          <th scope="col" className="num">
            Signatures
          </th>
          <th scope="col" className="num">
            New subscribers
          </th>
        </tr>
      </thead>
      <tbody>
        {partners.map((p) => (
          <tr key={p.organizationId} data-partner={p.source}>
            <td>
              {p.organizationName}{' '}
              <span className={`status status--${p.status}`}>
                {PARTNER_STATUS_LABELS[p.status]}
              </span>
            </td>
            <td>
              <code>{p.source}</code>
            </td>
            <td className="num">{p.totalSignatures.toLocaleString('en-US')}</td>
            <td className="num">{p.totalSubscribers.toLocaleString('en-US')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The petition page's partners panel: the numbers, and where to invite or end one. */
export function PartnersPanel({
  petitionId,
  partners,
}: {
  petitionId: string
  partners: PartnerNumbersRow[]
}) {
  const shown = partners.filter((p) => p.status === 'active' || p.status === 'invited')
  return (
    <section className="panel" aria-labelledby="partners-heading">
      <h2 id="partners-heading">Partner organizations</h2>
      {shown.length === 0 ? (
        <p className="muted">No partners yet: campaign together with other organizations.</p>
      ) : (
        <PartnerNumbers partners={shown} caption="Signatures and subscribers per partner" />
      )}
      <p className="dash-actions">
        <Link className="button" to={`/dashboard/petitions/${petitionId}/partners`}>
          Partners and their embeds
        </Link>
      </p>
    </section>
  )
}
