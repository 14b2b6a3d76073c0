import type { LoaderFunctionArgs } from '@remix-run/node'
import { countOpenPetitions, listOpenPetitions } from '~/models/petition.server'
import { browserUrl, collection, identifiers, iso, parsePage } from '~/utils/api.server'

/** Public: open petitions, the most urgent deadline first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const page = parsePage(new URL(request.url))
  if (page instanceof Response) return page
  const [rows, total] = await Promise.all([
    listOpenPetitions({ limit: page.per_page, offset: (page.page - 1) * page.per_page }),
    countOpenPetitions(),
  ])
  const items = rows.map((p) => ({
    id: p.id,
    identifiers: identifiers(p.id),
    slug: p.slug,
    title: p.title,
    total_signatures: p.signatureCount,
    goal: p.goal,
    deadline: iso(p.nextDate),
    case_id: p.caseId,
    browser_url: browserUrl(`/petitions/${p.slug}`),
  }))
  return Response.json(collection('petitions', items, total, page))
}
