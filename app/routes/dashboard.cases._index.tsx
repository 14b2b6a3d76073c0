import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pager } from '~/components/ui/pager'
import { SearchForm } from '~/components/ui/search-form'
import { countCasesForOrganization, listCasesForOrganization } from '~/models/case.server'
import { CASE_STATUS_LABELS, NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { requireOrganizer } from '~/services/auth.server'
import { listPage, pageCount, pageHref } from '~/utils/paging'
import { formatShortDateTime } from '~/utils/zoned-time'

export const meta: MetaFunction = () => [{ title: 'Cases · Vigil' }]

const PER_PAGE = 25

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const { q, page, limit, offset } = listPage(new URL(request.url), PER_PAGE)
  const [cases, total] = await Promise.all([
    listCasesForOrganization({ organizationId, q, limit, offset }),
    countCasesForOrganization({ organizationId, q }),
  ])
  return {
    q,
    page,
    pages: pageCount(total, PER_PAGE),
    total,
    cases: cases.map((c) => ({
      id: c.id,
      personName: c.personName,
      caseNumber: c.caseNumber,
      jurisdiction: c.jurisdiction,
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status],
      next: c.nextDate
        ? `${c.nextDateKind ? NEXT_DATE_KIND_LABELS[c.nextDateKind] : 'Next date'}: ${formatShortDateTime(c.nextDate, c.timeZone)}`
        : null,
    })),
  }
}

export default function CasesList() {
  const { cases, q, page, pages, total } = useLoaderData<typeof loader>()
  const pageLink = (n: number) => pageHref({ q }, n)
  return (
    <div className="dash">
      <div className="dash-head">
        <h1>Cases</h1>
        <div className="dash-actions">
          <Link className="button" to="/dashboard/cases/import">
            Import CSV
          </Link>
          <Link className="button button--primary" to="/dashboard/cases/new">
            New case
          </Link>
        </div>
      </div>
      <SearchForm
        id="cases-q"
        label="Search cases"
        placeholder="Name, case number, jurisdiction"
        q={q}
      />
      <p className="muted">{total.toLocaleString('en-US')} cases</p>
      <div className="table-wrap">
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Jurisdiction</th>
              <th scope="col">Status</th>
              <th scope="col">Next date</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id}>
                <td data-label="Person">
                  <Link to={`/dashboard/cases/${c.id}`}>{c.personName}</Link>
                  {c.caseNumber ? <div className="muted small">{c.caseNumber}</div> : null}
                </td>
                <td data-label="Jurisdiction">{c.jurisdiction}</td>
                <td data-label="Status">
                  <span className={`status status--${c.status}`}>{c.statusLabel}</span>
                </td>
                <td data-label="Next date">{c.next ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} href={pageLink} />
    </div>
  )
}
