import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { PartnerNumbers } from '~/components/dashboard/partner-numbers'
import { GoalBar } from '~/components/goal-bar'
import { embedSnippet } from '~/domain/embed'
import { may } from '~/domain/permissions'
import { requireOrganizer } from '~/services/auth.server'
import { notFoundInOrganization } from '~/services/form-errors.server'
import { partnerView } from '~/services/partners.server'
import { env } from '~/utils/env.server'
import { formatDateTime } from '~/utils/time'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d?.petition.title ?? 'Petition'} · Partner · Vigil` },
]

/** Shown at most; the API pages through all of them. */
const SUPPORTERS_SHOWN = 200

/**
 * A petition the organization partners on, read-only (decision 043): the
 * combined count, its own numbers and embed, and the signers who let it
 * contact them — nobody else's. Not its petition to edit.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const view = await partnerView({
    organizationId: organizer.organizationId,
    petitionId: params.id!,
    limit: SUPPORTERS_SHOWN,
  })
  if (!view) notFoundInOrganization('partner petition')
  const { partnership: p, numbers } = view
  return {
    petition: {
      id: p.petitionId,
      slug: p.slug,
      title: p.title,
      ownerName: p.ownerName,
      count: p.signatureCount,
      goal: p.goal,
    },
    numbers,
    snippet: embedSnippet({ appUrl: env().appUrl, slug: p.slug, title: p.title, source: p.source }),
    supporters: view.supporters.map((s) => ({
      ...s,
      signedAt: formatDateTime(s.signedAt, 'UTC'),
    })),
    totalSupporters: view.totalSupporters,
    isAdmin: may(organizer.role, 'managePartners'),
  }
}

export default function PartnerPetition() {
  const { petition, numbers, snippet, supporters, totalSupporters, isAdmin } =
    useLoaderData<typeof loader>()
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/partners">Partners</Link> · {petition.ownerName}’s petition
      </p>
      <div className="dash-head">
        <h1>{petition.title}</h1>
        <div className="dash-actions">
          <a className="button" href={`/petitions/${petition.slug}?source=${numbers.source}`}>
            Public page
          </a>
        </div>
      </div>
      <section className="panel" aria-labelledby="count-heading">
        <h2 id="count-heading">All partners together</h2>
        <GoalBar count={petition.count} goal={petition.goal} />
      </section>
      <section className="panel" aria-labelledby="yours-heading">
        <h2 id="yours-heading">Through you</h2>
        <PartnerNumbers partners={[numbers]} caption="Your signatures and subscribers" />
        <label htmlFor="partner-snippet">
          Your embed: paste it into your site; its signatures count under “{numbers.source}”
        </label>
        <textarea id="partner-snippet" className="snippet" readOnly rows={4} value={snippet} />
      </section>
      <section className="panel" aria-labelledby="supporters-heading">
        <h2 id="supporters-heading">
          Signers who let you contact them ({totalSupporters.toLocaleString('en-US')})
        </h2>
        <p className="field__hint">
          Only they get your campaigns about this petition, from your organization’s name.
        </p>
        <p className="dash-actions">
          <a className="button" href={`/dashboard/partners/${petition.id}/export`} download>
            Download CSV
          </a>
          <Link className="button" to={`/dashboard/messages/new?petitionId=${petition.id}`}>
            Mail them
          </Link>
        </p>
        {supporters.length === 0 ? <p className="muted">No one yet.</p> : null}
        {supporters.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Postal code</th>
                <th scope="col">Signed</th>
              </tr>
            </thead>
            <tbody>
              {supporters.map((s) => (
                <tr key={s.signatureId}>
                  <td>{s.name}</td>
                  <td>
                    {s.email}
                    {s.unsubscribed ? <span className="muted"> (unsubscribed)</span> : null}
                  </td>
                  <td>
                    {s.postalCode} {s.country}
                  </td>
                  <td>{s.signedAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {isAdmin ? (
        <Form method="post" action="/dashboard/partners">
          <input type="hidden" name="intent" value="end" />
          <input type="hidden" name="petitionId" value={petition.id} />
          <button type="submit" className="button">
            End this partnership
          </button>
        </Form>
      ) : null}
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
