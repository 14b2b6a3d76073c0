import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPublicPetitionById } from '~/models/petition.server'
import { apiError, browserUrl, identifiers, iso } from '~/utils/api.server'

/** Public: one published petition, with its targets. */
export async function loader({ params }: LoaderFunctionArgs) {
  const p = await getPublicPetitionById(params.id!)
  if (!p || p.status === 'draft') return apiError(404, 'No such petition.')
  return Response.json({
    id: p.id,
    identifiers: identifiers(p.id),
    slug: p.slug,
    title: p.title,
    status: p.status,
    total_signatures: p.signatureCount,
    goal: p.goal,
    deadline: iso(p.case.nextDate),
    case_id: p.case.id,
    browser_url: browserUrl(`/petitions/${p.slug}`),
    targets: p.targets.map((t) => ({
      id: t.id,
      identifiers: identifiers(t.id),
      name: t.name,
      title: t.title,
      office: t.office,
      role: t.role,
    })),
  })
}
