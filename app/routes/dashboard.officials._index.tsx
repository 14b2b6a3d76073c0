import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pager } from '~/components/ui/pager'
import { SearchForm } from '~/components/ui/search-form'
import { countOfficials, listOfficials } from '~/models/official.server'
import { requireOrganizer } from '~/services/auth.server'
import { listPage, pageCount, pageHref } from '~/utils/paging'

export const meta: MetaFunction = () => [{ title: 'Officials · Vigil' }]

const PER_PAGE = 50

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const { q, page, limit, offset } = listPage(new URL(request.url), PER_PAGE)
  const [officials, total] = await Promise.all([
    listOfficials({ organizationId, q, limit, offset }),
    countOfficials({ organizationId, q }),
  ])
  return { officials, total, q, page, pages: pageCount(total, PER_PAGE) }
}

export default function OfficialsList() {
  const { officials, total, q, page, pages } = useLoaderData<typeof loader>()
  const pageLink = (n: number) => pageHref({ q }, n)
  return (
    <div className="dash">
      <div className="dash-head">
        <h1>Officials</h1>
        <div className="dash-actions">
          <Link className="button" to="/dashboard/officials/import">
            Import CSV
          </Link>
          <Link className="button button--primary" to="/dashboard/officials/new">
            New official
          </Link>
        </div>
      </div>
      <SearchForm
        id="officials-q"
        label="Search officials"
        placeholder="Name, office, email"
        q={q}
      />
      <p className="muted">{total.toLocaleString('en-US')} officials</p>
      <div className="table-wrap">
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Title and office</th>
              <th scope="col">Jurisdiction</th>
              <th scope="col">Email</th>
            </tr>
          </thead>
          <tbody>
            {officials.map((o) => (
              <tr key={o.id}>
                <td data-label="Name">
                  <Link to={`/dashboard/officials/${o.id}`}>{o.name}</Link>
                </td>
                <td data-label="Title and office">
                  {o.title}
                  {o.office ? <div className="muted small">{o.office}</div> : null}
                </td>
                <td data-label="Jurisdiction">{o.jurisdiction}</td>
                <td data-label="Email" className="break">
                  {o.email}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} href={pageLink} />
    </div>
  )
}
