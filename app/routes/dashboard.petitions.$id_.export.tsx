import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPetitionForOrganization } from '~/models/petition.server'
import { streamSignaturesCsv } from '~/models/signature-list.server'
import { requireOrganizer } from '~/services/auth.server'
import { noteExport } from '~/services/privacy.server'
import { streamedDownload } from '~/utils/request.server'

/**
 * The organization's own copy of a petition's confirmed signatures, emails
 * included, streamed as CSV (never built in memory).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { organizationId, userId } = await requireOrganizer(request)
  const petition = await getPetitionForOrganization({ organizationId, petitionId: params.id! })
  if (!petition) throw new Response('Not found', { status: 404 })
  const stream = await streamSignaturesCsv({
    organizationId,
    petitionId: petition.id,
    includeEmails: true,
  })
  if (!stream) throw new Response('Not found', { status: 404 })
  await noteExport({ organizationId, actorId: userId, kind: 'signatures', petition })
  const date = new Date().toISOString().slice(0, 10)
  return streamedDownload(request, context, stream, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${petition.slug}-signatures-${date}.csv"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  })
}
