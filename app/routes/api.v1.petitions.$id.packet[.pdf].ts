import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiOrganizer } from '~/api/auth.server'
import { apiErrorFor } from '~/api/errors.server'
import { deliveryPacket } from '~/services/packets.server'
import { streamedDownload } from '~/utils/request.server'

/**
 * The delivery packet as a PDF, streamed as it is written (decision 028).
 * `?region=US-TX` limits it to one state (or `CA` to one country);
 * `letters=true` adds the signers' letters.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const url = new URL(request.url)
  try {
    const packet = await deliveryPacket({
      organizationId: organizer.organizationId,
      petitionId: params.id!,
      region: url.searchParams.get('region'),
      includeLetters: url.searchParams.get('letters') === 'true',
    })
    return streamedDownload(request, context, packet.stream, packet.headers, {
      compressible: false,
    })
  } catch (error) {
    return apiErrorFor(error)
  }
}
