import type { LoaderFunctionArgs } from '@remix-run/node'
import { shareImageLanguage, shareImagePath } from '~/domain/share'
import { getPublicPetitionBySlug } from '~/models/public-petition.server'
import { shareCard } from '~/services/share-card.server'

/**
 * The petition's share card (Open Graph and Twitter image). The current
 * version is cached for a day by anyone; an old `v` is sent on to the
 * current one, so a stale preview refreshes as the count moves.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const petition = await getPublicPetitionBySlug(params.slug!)
  if (!petition)
    throw new Response('There is no published petition at this address.', { status: 404 })
  const url = new URL(request.url)
  const language = shareImageLanguage(url.searchParams.get('v'))
  const current = shareImagePath(petition, language)
  if (url.pathname + url.search !== current)
    return new Response(null, {
      status: 302,
      headers: { Location: current, 'Cache-Control': 'public, max-age=300' },
    })
  const png = await shareCard(petition, language)
  return new Response(new Uint8Array(png), {
    headers: {
      'Content-Type': 'image/png',
      'Content-Length': String(png.length),
      'Cache-Control': 'public, max-age=86400, immutable',
    },
  })
}
