import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Pager } from '~/components/ui/pager'
import { PETITION_STATUS_LABELS } from '~/components/dashboard/labels'
import { getPetitionCountSummaries } from '~/models/petition-stats.server'
import {
  countPetitionsForOrganization,
  listPetitionsForOrganization,
} from '~/models/petition.server'
import { PETITION_STATUSES, type PetitionStatus } from '~/models/states'
import { requireOrganizer } from '~/utils/auth.server'
import { formatShortDateTime } from '~/utils/zoned-time'

export const meta: MetaFunction = () => [{ title: 'Petitions · Vigil' }]

const PER_PAGE = 25

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const url = new URL(request.url)
  const q = url.searchParams.get('q')?.slice(0, 200) ?? ''
  const statusParam = url.searchParams.get('status') ?? ''
  const status = (PETITION_STATUSES as readonly string[]).includes(statusParam)
    ? (statusParam as PetitionStatus)
    : undefined
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page')) || 1))
  const [petitions, total] = await Promise.all([
    listPetitionsForOrganization({
      organizationId,
      q,
      status,
      limit: PER_PAGE,
      offset: (page - 1) * PER_PAGE,
    }),
    countPetitionsForOrganization({ organizationId, q, status }),
  ])
  const summaries = await getPetitionCountSummaries({
    organizationId,
    petitionIds: petitions.map((p) => p.id),
  })
  return {
    q,
    status: status ?? '',
    page,
    total,
    pages: Math.max(1, Math.ceil(total / PER_PAGE)),
    petitions: petitions.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      personName: p.personName,
      goal: p.goal,
      deadline: p.nextDate ? formatShortDateTime(p.nextDate, p.timeZone) : null,
      confirmed: summaries.get(p.id)?.confirmed ?? 0,
      pending: summaries.get(p.id)?.pending ?? 0,
      today: summaries.get(p.id)?.today ?? 0,
    })),
  }
}

export default function PetitionsList() {
  const d = useLoaderData<typeof loader>()
  const pageLink = (n: number) =>
    `?${new URLSearchParams({ ...(d.q ? { q: d.q } : {}), ...(d.status ? { status: d.status } : {}), page: String(n) })}`
  return (
    <div className="dash">
      <div className="dash-head">
        <h1>Petitions</h1>
        <Link className="button button--primary" to="/dashboard/petitions/new">
          New petition
        </Link>
      </div>
      <Form method="get" className="search" role="search">
        <label htmlFor="petitions-q" className="visually-hidden">
          Search petitions
        </label>
        <input id="petitions-q" name="q" defaultValue={d.q} placeholder="Title or person" />
        <label htmlFor="petitions-status" className="visually-hidden">
          Status
        </label>
        <select id="petitions-status" name="status" defaultValue={d.status}>
          <option value="">All statuses</option>
          {PETITION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {PETITION_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <button className="button" type="submit">
          Search
        </button>
      </Form>
      <p className="muted">{d.total.toLocaleString('en-US')} petitions</p>
      <div className="table-wrap">
        <table className="table table--stack">
          <thead>
            <tr>
              <th scope="col">Petition</th>
              <th scope="col">Deadline</th>
              <th scope="col" className="num">
                Confirmed
              </th>
              <th scope="col" className="num">
                Pending
              </th>
              <th scope="col" className="num">
                Today
              </th>
            </tr>
          </thead>
          <tbody>
            {d.petitions.map((p) => (
              <tr key={p.id}>
                <td data-label="Petition">
                  <Link to={`/dashboard/petitions/${p.id}`}>{p.title}</Link>{' '}
                  <span className={`status status--${p.status}`}>
                    {PETITION_STATUS_LABELS[p.status]}
                  </span>
                  <div className="muted small">{p.personName}</div>
                </td>
                <td data-label="Deadline">
                  {p.deadline ?? <span className="muted">No date</span>}
                </td>
                <td data-label="Confirmed" className="num">
                  {p.confirmed.toLocaleString('en-US')}
                  <div className="muted small">of {p.goal.toLocaleString('en-US')}</div>
                </td>
                <td data-label="Pending" className="num">
                  {p.pending.toLocaleString('en-US')}
                </td>
                <td data-label="Today" className="num">
                  {p.today.toLocaleString('en-US')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={d.page} pages={d.pages} href={pageLink} />
    </div>
  )
}
