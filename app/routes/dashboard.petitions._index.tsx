import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Pager } from '~/components/ui/pager'
import { SearchForm } from '~/components/ui/search-form'
import { PETITION_STATUS_LABELS } from '~/domain/labels'
import { PetitionTable } from '~/components/dashboard/petition-table'
import { getPetitionCountSummaries } from '~/models/petition-stats.server'
import {
  countPetitionsForOrganization,
  listPetitionsForOrganization,
} from '~/models/petition.server'
import { PETITION_STATUSES, type PetitionStatus } from '~/domain/states'
import { requireOrganizer } from '~/services/auth.server'
import { listPage, pageCount, pageHref } from '~/utils/paging'
import { formatShortDateTime } from '~/utils/zoned-time'

export const meta: MetaFunction = () => [{ title: 'Petitions · Vigil' }]

const PER_PAGE = 25

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const url = new URL(request.url)
  const { q, page, limit, offset } = listPage(url, PER_PAGE)
  const statusParam = url.searchParams.get('status') ?? ''
  const status = (PETITION_STATUSES as readonly string[]).includes(statusParam)
    ? (statusParam as PetitionStatus)
    : undefined
  const [petitions, total] = await Promise.all([
    listPetitionsForOrganization({
      organizationId,
      q,
      status,
      limit,
      offset,
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
    pages: pageCount(total, PER_PAGE),
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
  const pageLink = (n: number) => pageHref({ q: d.q, status: d.status }, n)
  return (
    <div className="dash">
      <div className="dash-head">
        <h1>Petitions</h1>
        <Link className="button button--primary" to="/dashboard/petitions/new">
          New petition
        </Link>
      </div>
      <SearchForm id="petitions-q" label="Search petitions" placeholder="Title or person" q={d.q}>
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
      </SearchForm>
      <p className="muted">{d.total.toLocaleString('en-US')} petitions</p>
      <PetitionTable
        rows={d.petitions}
        deadline={(p) => p.deadline ?? <span className="muted">No date</span>}
      />
      <Pager page={d.page} pages={d.pages} href={pageLink} />
    </div>
  )
}
