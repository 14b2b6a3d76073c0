import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPetitionForOrganization } from '~/models/petition.server'
import { streamSignaturesCsv } from '~/models/signature-list.server'
import { SIGNATURE_STATUSES, type SignatureStatus } from '~/domain/states'
import { requireApiOrganizer } from '~/api/auth.server'
import { noteExport } from '~/services/privacy.server'
import { apiError } from '~/api/envelope.server'
import { streamedDownload } from '~/utils/request.server'

/**
 * The petition's signatures as CSV, streamed from a database cursor. By
 * default the confirmed signatures with emails (this is the organization's
 * own copy); `include_emails=false` leaves them out, for a list to hand on;
 * `status=all` (or another status) changes which signatures.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const url = new URL(request.url)
  const status = url.searchParams.get('status') || 'confirmed'
  if (status !== 'all' && !(SIGNATURE_STATUSES as readonly string[]).includes(status))
    return apiError(422, 'Invalid filter.', {
      status: [`status must be all or one of ${SIGNATURE_STATUSES.join(', ')}.`],
    })
  const petition = await getPetitionForOrganization({
    organizationId: organizer.organizationId,
    petitionId: params.id!,
  })
  if (!petition) return apiError(404, 'No such petition.')
  const stream = await streamSignaturesCsv({
    organizationId: organizer.organizationId,
    petitionId: petition.id,
    includeEmails: url.searchParams.get('include_emails') !== 'false',
    status: status as SignatureStatus | 'all',
  })
  if (!stream) return apiError(404, 'No such petition.')
  await noteExport({
    organizationId: organizer.organizationId,
    actorId: organizer.userId,
    kind: 'signatures',
    petition,
  })
  return streamedDownload(request, context, stream, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${petition.slug}-signatures.csv"`,
    'Cache-Control': 'no-store',
  })
}
