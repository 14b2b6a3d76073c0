import { z } from './zod'

const size = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number.` })
    .int(`${name} must be a whole number.`)
    .min(100, `${name} must be at least 100.`)
    .max(4000, `${name} must be at most 4000.`)
    .optional()

/** The query of `GET /oembed` (oEmbed 1.0: url, format, maxwidth, maxheight). */
export const OEmbedQuerySchema = z.object({
  url: z
    .string({ error: 'url is required.' })
    .trim()
    .min(1, 'url is required.')
    .max(2000, 'url is too long.')
    .pipe(z.url('url must be an absolute URL.')),
  format: z.string().optional().default('json'),
  maxwidth: size('maxwidth'),
  maxheight: size('maxheight'),
})

/** The petition slug an oEmbed URL names (its page or its embed), or null. */
export function petitionSlugFromUrl(url: string): string | null {
  const { pathname } = new URL(url)
  const match = /^\/(?:embed\/)?petitions\/([^/.]+)\/?$/.exec(pathname)
  return match ? decodeURIComponent(match[1]!) : null
}
