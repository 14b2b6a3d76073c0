import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireOrganizer } from '~/services/auth.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { deliveryPacket } from '~/services/packets.server'
import { streamedDownload } from '~/utils/request.server'

/**
 * "Print the delivery packet" from the petition's page: the same PDF as
 * the API's packet.pdf, streamed as it is written (decision 028).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const url = new URL(request.url)
  let packet
  try {
    packet = await deliveryPacket({
      organizationId,
      petitionId: params.id!,
      region: url.searchParams.get('region'),
      includeLetters: url.searchParams.get('letters') === 'on',
    })
  } catch (error) {
    const { errors } = formErrorsFor(error) // a petition not theirs: 404
    throw new Response(Object.values(errors).flat().join(' '), { status: 400 })
  }
  return streamedDownload(request, context, packet.stream, packet.headers, { compressible: false })
}
