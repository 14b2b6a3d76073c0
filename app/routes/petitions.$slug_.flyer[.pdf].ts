import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPublicPetitionBySlug } from '~/models/public-petition.server'
import { petitionFlyer } from '~/services/flyer.server'
import { env } from '~/utils/env.server'
import { requestLanguage } from '~/utils/i18n.server'

/** The printable flyer with a QR code (services/flyer.server.ts). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const petition = await getPublicPetitionBySlug(params.slug!)
  if (!petition)
    throw new Response('There is no published petition at this address.', { status: 404 })
  const pdf = await petitionFlyer(petition, env().appUrl, await requestLanguage(request))
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="flyer-${petition.slug}.pdf"`,
      'Content-Length': String(pdf.length),
      'Cache-Control': 'public, max-age=300',
      Vary: 'Accept-Language, Cookie',
    },
  })
}
