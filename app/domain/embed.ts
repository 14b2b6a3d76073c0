import { SHARE_SOURCES, withSource } from './sources'

/** The embed frame's size before its script reports its height. */
export const EMBED_WIDTH = 480
export const EMBED_HEIGHT = 640

function escapeAttribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
}

/**
 * The copy-paste snippet for a petition's embed (the dashboard shows it, the
 * oEmbed answer carries it): a frame that works alone, and the small script
 * (public/embed.js) that sizes it to its content.
 */
export function embedSnippet({
  appUrl,
  slug,
  title,
  source = SHARE_SOURCES.embed,
  width = EMBED_WIDTH,
  height = EMBED_HEIGHT,
}: {
  appUrl: string
  slug: string
  title: string
  source?: string
  width?: number
  height?: number
}): string {
  const src = withSource(`${appUrl}/embed/petitions/${encodeURIComponent(slug)}`, source)
  return (
    `<iframe data-vigil-embed src="${escapeAttribute(src)}" title="${escapeAttribute(`Sign: ${title}`)}" ` +
    `width="${width}" height="${height}" style="max-width:100%;border:0" loading="lazy"></iframe>` +
    `<script async src="${escapeAttribute(`${appUrl}/embed.js`)}"></script>`
  )
}
