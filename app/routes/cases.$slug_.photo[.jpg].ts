import type { LoaderFunctionArgs } from '@remix-run/node'
import { getCasePhotoBySlug } from '~/models/case-photo.server'

/**
 * The person's photo (models/case-photo.server.ts). Its URL carries the
 * photo's version, so the current one is cached for a year by anyone; an
 * old version is sent on to the current one.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const photo = await getCasePhotoBySlug(params.slug!)
  if (!photo) throw new Response('No photo.', { status: 404 })
  const v = new URL(request.url).searchParams.get('v')
  if (v !== photo.version)
    return new Response(null, {
      status: 302,
      headers: {
        Location: `/cases/${params.slug}/photo.jpg?v=${photo.version}`,
        'Cache-Control': 'public, max-age=60',
      },
    })
  const etag = `"${photo.version}"`
  if (request.headers.get('if-none-match') === etag)
    return new Response(null, { status: 304, headers: { ETag: etag } })
  return new Response(new Uint8Array(photo.image), {
    headers: {
      'Content-Type': photo.contentType,
      'Content-Length': String(photo.image.length),
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: etag,
    },
  })
}
