import crypto from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import { env } from '../app/utils/env.server'
import { securityHeaders } from '../app/utils/security-headers.server'

/**
 * Gives each request its own CSP nonce (for Remix's inline scripts, through
 * the load context) and sets the security headers of
 * app/utils/security-headers.server.ts on its response just before the
 * head is written, whoever writes it: Remix, a static file, a guard's
 * refusal, the page cache. Registered first, so every response has them.
 */
export function securityHeadersMiddleware(req: Request, res: Response, next: NextFunction): void {
  const nonce = crypto.randomBytes(16).toString('base64')
  res.locals.cspNonce = nonce
  const writeHead = res.writeHead
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (!this.headersSent) {
      const headers = securityHeaders({
        path: req.path,
        authenticated: !!req.headers.authorization,
        nonce,
        appUrl: env().appUrl,
      })
      for (const [name, value] of Object.entries(headers.always)) this.setHeader(name, value)
      for (const [name, value] of Object.entries(headers.unlessSet))
        if (!this.hasHeader(name)) this.setHeader(name, value)
    }
    return (writeHead as (...a: unknown[]) => Response).apply(this, args)
  } as Response['writeHead']
  next()
}

/** This response's CSP nonce (what its page's scripts must carry). */
export function cspNonce(res: Response): string | undefined {
  return typeof res.locals.cspNonce === 'string' ? res.locals.cspNonce : undefined
}
