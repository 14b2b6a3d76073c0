import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiOrganizer } from '~/api/auth.server'
import { apiError, methodNotAllowed } from '~/api/envelope.server'
import { osdiExportStream } from '~/api/osdi-export.server'
import { noteExport } from '~/services/privacy.server'
import { streamedDownload } from '~/utils/request.server'

/** The organization's people, petitions and signatures as one OSDI-shaped JSON file, streamed. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const stream = await osdiExportStream(organizer.organizationId)
  if (!stream) return apiError(404, 'No such organization.')
  await noteExport({
    organizationId: organizer.organizationId,
    actorId: organizer.userId,
    kind: 'organization',
  })
  return streamedDownload(request, context, stream, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="vigil-export-${new Date().toISOString().slice(0, 10)}.json"`,
    'Cache-Control': 'no-store',
  })
}

export function action() {
  return methodNotAllowed(['GET'])
}
