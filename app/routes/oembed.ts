import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiError } from '~/api/envelope.server'
import { EMBED_HEIGHT, EMBED_WIDTH, embedSnippet } from '~/domain/embed'
import { getPublicPetitionBySlug } from '~/models/public-petition.server'
import { env } from '~/utils/env.server'
import { OEmbedQuerySchema, petitionSlugFromUrl } from '~/validation/oembed'
import { fieldErrors } from '~/validation/signature'
import { shareImagePath } from '~/domain/share'

/**
 * oEmbed 1.0 (contract: `GET /oembed?url=…&format=json`): a published
 * petition's page or embed URL on this site answers type `rich` with the
 * embed's snippet. Another site's URL, or no such petition, is 404; a
 * format other than json 501 (as the oEmbed spec says); a bad query 400.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = Object.fromEntries(new URL(request.url).searchParams)
  const parsed = OEmbedQuerySchema.safeParse(query)
  if (!parsed.success) return apiError(400, 'The query is not valid.', fieldErrors(parsed.error))
  const { url, format, maxwidth, maxheight } = parsed.data
  if (format !== 'json') return apiError(501, 'Only format=json is offered.')
  const appUrl = env().appUrl
  const slug = new URL(url).origin === new URL(appUrl).origin ? petitionSlugFromUrl(url) : null
  const petition = slug ? await getPublicPetitionBySlug(slug) : null
  if (!petition) return apiError(404, 'No published petition at that URL.')
  const width = Math.min(maxwidth ?? EMBED_WIDTH, EMBED_WIDTH)
  const height = Math.min(maxheight ?? EMBED_HEIGHT, EMBED_HEIGHT)
  return Response.json(
    {
      version: '1.0',
      type: 'rich',
      title: petition.title,
      author_name: petition.organizationName,
      provider_name: 'Vigil',
      provider_url: appUrl,
      cache_age: 3600,
      width,
      height,
      html: embedSnippet({ appUrl, slug: petition.slug, title: petition.title, width, height }),
      thumbnail_url: appUrl + shareImagePath(petition),
      thumbnail_width: 1200,
      thumbnail_height: 630,
    },
    { headers: { 'Cache-Control': 'public, max-age=300' } },
  )
}
