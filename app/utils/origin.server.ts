/**
 * Cross-site form posts are refused before they reach Remix (whose own check
 * would throw and answer a bare 500). The API is left out: it authenticates
 * with bearer tokens, and its public endpoints are meant to be called from
 * other sites.
 */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export interface RequestLike {
  method: string
  path: string
  header(name: string): string | undefined
}

export function isCrossSiteFormPost(req: RequestLike): boolean {
  if (!UNSAFE.has(req.method) || req.path.startsWith('/api/')) return false
  const host = (req.header('x-forwarded-host')?.split(',')[0] ?? req.header('host') ?? '').trim()
  const origin = req.header('origin')
  if (origin) {
    if (origin === 'null') return true
    try {
      return new URL(origin).host !== host
    } catch {
      return true
    }
  }
  // No Origin (older browsers): the Fetch Metadata header still tells.
  return req.header('sec-fetch-site') === 'cross-site'
}

/** A short page of its own, for answers given before the app (no layout, no script). */
export function plainPage(title: string, paragraphs: string[]): string {
  const escape = (t: string) =>
    t.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font:18px/1.5 Georgia,serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f1f1f;background:#faf8f3}</style>
</head><body><h1>${escape(title)}</h1>
${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
<p><a href="/">Go to the home page</a></p></body></html>`
}

export const CROSS_SITE_PAGE = plainPage('Request refused', [
  'This form was sent from another website, so Vigil did not accept it. If you meant to sign or submit something, please open the page on this site and send the form again.',
])
