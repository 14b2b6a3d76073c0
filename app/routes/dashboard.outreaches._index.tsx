import { templateTitle } from '~/domain/template-title'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { OUTREACH_STATUS_LABELS } from '~/domain/labels'
import { Pager } from '~/components/ui/pager'
import { countOutreaches, listOutreaches } from '~/models/outreach.server'
import { requireOrganizer } from '~/services/auth.server'
import { listPage, pageCount } from '~/utils/paging'
import { formatShortDateTime } from '~/utils/zoned-time'

export const meta: MetaFunction = () => [{ title: 'Outreach · Vigil' }]

const PER_PAGE = 50

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const { page, limit, offset } = listPage(new URL(request.url), PER_PAGE)
  const [rows, total] = await Promise.all([
    listOutreaches({ organizationId, limit, offset }),
    countOutreaches({ organizationId }),
  ])
  return {
    outreaches: rows.map((o) => ({
      id: o.id,
      subject: templateTitle(o.subject),
      petitionId: o.petitionId,
      petitionTitle: o.petitionTitle,
      status: o.status,
      when: formatShortDateTime(o.scheduledAt, o.timeZone),
      total: o.total,
      sent: o.sent,
      failed: o.failed,
    })),
    total,
    page,
    pages: pageCount(total, PER_PAGE),
  }
}

export default function OutreachList() {
  const { outreaches, total, page, pages } = useLoaderData<typeof loader>()
  return (
    <div className="dash">
      <div className="dash-head">
        <h1>Outreach to officials</h1>
        <div className="dash-actions">
          <Link className="button button--primary" to="/dashboard/outreaches/new">
            Deliver a petition
          </Link>
        </div>
      </div>
      <p className="muted">
        {total.toLocaleString('en-US')} {total === 1 ? 'outreach' : 'outreaches'}
      </p>
      {outreaches.length === 0 ? (
        <p className="panel">
          Nothing delivered yet. A petition reaches the officials who decide from here, with its
          count at the moment it is sent.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Petition</th>
                <th scope="col">Status</th>
                <th scope="col">Time</th>
                <th scope="col" className="num">
                  Delivered
                </th>
              </tr>
            </thead>
            <tbody>
              {outreaches.map((o) => (
                <tr key={o.id}>
                  <td data-label="Subject">
                    <Link to={`/dashboard/outreaches/${o.id}`}>{o.subject}</Link>
                  </td>
                  <td data-label="Petition">
                    <Link to={`/dashboard/petitions/${o.petitionId}`}>{o.petitionTitle}</Link>
                  </td>
                  <td data-label="Status">
                    <span className={`status status--${o.status}`}>
                      {OUTREACH_STATUS_LABELS[o.status]}
                    </span>
                  </td>
                  <td data-label="Time">{o.when}</td>
                  <td data-label="Delivered" className="num">
                    {o.sent} of {o.total}
                    {o.failed ? <div className="urgent small">{o.failed} failed</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} href={(n) => `?page=${n}`} />
    </div>
  )
}
