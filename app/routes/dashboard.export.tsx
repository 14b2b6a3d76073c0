import type { LoaderFunctionArgs } from '@remix-run/node'
import { osdiExportStream } from '~/api/osdi-export.server'
import { requireOrganizer } from '~/services/auth.server'
import { noteExport } from '~/services/privacy.server'
import { streamedDownload } from '~/utils/request.server'

/**
 * The organization's people and signatures as an OSDI-shaped JSON file,
 * for moving to another system (the same file as GET /api/v1/export).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { organizationId, userId } = await requireOrganizer(request)
  const stream = await osdiExportStream(organizationId)
  if (!stream) throw new Response('Not found', { status: 404 })
  await noteExport({ organizationId, actorId: userId, kind: 'organization' })
  return streamedDownload(request, context, stream, {
    'content-type': 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="vigil-export-${new Date().toISOString().slice(0, 10)}.json"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  })
}
