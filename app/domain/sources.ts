/**
 * Sources (decision 035): the short code a link carries (`?source=CODE`)
 * so that each signature records what brought its signer. One rule for the
 * form, the embed, the API, the page cache and the database's CHECK:
 * lowercase letters, digits, `.`, `_` and `-`, up to 64, starting with a
 * letter or digit. Anything else is no source, never a refused signature:
 * the signer cannot see or fix the hidden field that carries it.
 */
export const SOURCE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/

/** The stored form of a source, or null for none or one that does not fit. */
export function normalizeSource(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  const code = raw.trim().toLowerCase()
  return SOURCE_PATTERN.test(code) ? code : null
}

/** The sources Vigil's own share buttons, flyer and embed put on their links. */
export const SHARE_SOURCES = {
  whatsapp: 'share-whatsapp',
  facebook: 'share-facebook',
  x: 'share-x',
  bluesky: 'share-bluesky',
  email: 'share-email',
  copy: 'share-link',
  native: 'share-native',
  flyer: 'flyer',
  embed: 'embed',
} as const

/** A petition's public address with a source, for share links and the flyer's QR code. */
export function withSource(url: string, source: string): string {
  const u = new URL(url)
  u.searchParams.set('source', source)
  return u.toString()
}

/**
 * The sign form's hidden source field exactly as React renders it: the page
 * cache (bin/page-cache.ts) fills a kept page's empty one with each reader's
 * source, so the two must agree (tests/page-cache.test.ts).
 */
export function sourceField(source: string | null): string {
  return `<input type="hidden" name="source" value="${source ?? ''}"/>`
}
