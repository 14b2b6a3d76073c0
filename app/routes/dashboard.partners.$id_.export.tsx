import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireOrganizer } from '~/services/auth.server'
import { partnerSupportersCsv } from '~/services/partners.server'
import { noteExport } from '~/services/privacy.server'
import { streamedDownload } from '~/utils/request.server'

/**
 * A partner's own copy of the signers who let it contact them on a petition
 * it partners on (decision 043), as CSV with their emails; nobody else's.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { organizationId, userId } = await requireOrganizer(request)
  const found = await partnerSupportersCsv({ organizationId, petitionId: params.id! })
  if (!found) throw new Response('Not found', { status: 404 })
  const { stream, partnership } = found
  await noteExport({
    organizationId,
    actorId: userId,
    kind: 'signatures',
    petition: {
      id: partnership.petitionId,
      title: partnership.title,
    },
  })
  const date = new Date().toISOString().slice(0, 10)
  return streamedDownload(request, context, stream, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${partnership.slug}-supporters-${date}.csv"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  })
}
