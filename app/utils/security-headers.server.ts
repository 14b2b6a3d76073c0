/**
 * The headers every response carries (decision 026; bin/security-headers.ts
 * sets them on each response as it is written). One place, so a route
 * that needs another policy builds it from here, and a policy a route sets
 * itself is kept. The embeds under `/embed/` (its pages, errors and form
 * answers alike) are the one thing other sites may frame: there the policy
 * says `frame-ancestors *` and no X-Frame-Options is sent.
 *
 * - Content-Security-Policy: scripts only from this site or carrying this
 *   response's nonce (Remix's inline scripts do; each response has its own,
 *   the page cache included), no plugins, no framing, forms only to here;
 * - X-Content-Type-Options: nosniff, on every response (JSON and CSV too);
 * - Strict-Transport-Security when APP_URL is https;
 * - Cache-Control: no-store where personal data is shown: the dashboard
 *   (exports included), the dev mailbox, and the API to a token.
 */

export function contentSecurityPolicy({
  nonce,
  frameAncestors = "'none'",
  https = false,
}: {
  nonce: string
  frameAncestors?: string
  https?: boolean
}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Inline style attributes (a progress bar's width) and mail previews' <style>.
    "style-src 'self' 'unsafe-inline'",
    // Mail previews may show remote images.
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ')
}

/** Paths whose pages or files show personal data: never kept by a browser or a proxy. */
function showsPersonalData(path: string, authenticated: boolean): boolean {
  return (
    path === '/dashboard' ||
    path.startsWith('/dashboard/') ||
    path.startsWith('/dev/') ||
    (authenticated && path.startsWith('/api/'))
  )
}

/** The embeds, which any site may frame (contract: /embed/petitions/:slug). */
function isEmbed(path: string): boolean {
  return path.startsWith('/embed/')
}

export interface SecurityHeaders {
  /** Set on every response, whatever the route said. */
  always: Record<string, string>
  /** Set unless the route set its own. */
  unlessSet: Record<string, string>
}

export function securityHeaders({
  path,
  authenticated,
  nonce,
  appUrl,
}: {
  path: string
  /** The request carried credentials (an Authorization header). */
  authenticated: boolean
  nonce: string
  appUrl: string
}): SecurityHeaders {
  const https = appUrl.startsWith('https://')
  const framable = isEmbed(path)
  return {
    always: {
      'X-Content-Type-Options': 'nosniff',
      ...(https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
      ...(showsPersonalData(path, authenticated) ? { 'Cache-Control': 'no-store' } : {}),
    },
    unlessSet: {
      'Content-Security-Policy': contentSecurityPolicy({
        nonce,
        https,
        ...(framable ? { frameAncestors: '*' } : {}),
      }),
      ...(framable ? {} : { 'X-Frame-Options': 'DENY' }),
      'Referrer-Policy': 'same-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
    },
  }
}
