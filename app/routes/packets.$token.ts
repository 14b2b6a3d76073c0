import type { LoaderFunctionArgs } from '@remix-run/node'
import { DomainError } from '~/domain/errors'
import { packetFromLink } from '~/services/packets.server'
import { streamedDownload } from '~/utils/request.server'

/**
 * The delivery packet behind a signed, expiring link from an outreach too
 * large to carry it as an attachment: no sign-in (decision 028). An
 * unknown link is 404, an expired one 410 with what to do.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  try {
    const packet = await packetFromLink(params.token ?? '')
    return streamedDownload(
      request,
      context,
      packet.stream,
      { ...packet.headers, 'x-robots-tag': 'noindex', 'referrer-policy': 'no-referrer' },
      { compressible: false },
    )
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    return new Response(error.message, {
      status: error.kind === 'conflict' ? 410 : 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
}
