import type { IncomingMessage, ServerResponse } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import { env } from '../app/utils/env.server'
import { randomString } from '../app/utils/random.server'
import { securityHeaders } from '../app/utils/security-headers.server'

/** A fresh CSP nonce: 16 random bytes, base64 (from the pooled source). */
export function newNonce(): string {
  return randomString(16, 'base64')
}

/**
 * Sets the security headers of app/utils/security-headers.server.ts on a
 * response about to be written: those it must always carry, and the others
 * unless it set its own. Node's plain response, so the page cache's answer
 * before Express (bin/page-cache.ts) sets exactly the same.
 */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  nonce: string,
): void {
  const headers = securityHeaders({
    path,
    authenticated: !!req.headers.authorization,
    nonce,
    appUrl: env().appUrl,
  })
  for (const [name, value] of Object.entries(headers.always)) res.setHeader(name, value)
  for (const [name, value] of Object.entries(headers.unlessSet))
    if (!res.hasHeader(name)) res.setHeader(name, value)
}

/**
 * Gives each request its own CSP nonce (for Remix's inline scripts, through
 * the load context) and sets the security headers on its response just
 * before the head is written, whoever writes it: Remix, a static file, a
 * guard's refusal, the page cache. Registered first, so every response has them.
 */
export function securityHeadersMiddleware(req: Request, res: Response, next: NextFunction): void {
  const nonce = newNonce()
  res.locals.cspNonce = nonce
  const writeHead = res.writeHead
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (!this.headersSent) applySecurityHeaders(req, this, req.path, nonce)
    return (writeHead as (...a: unknown[]) => Response).apply(this, args)
  } as Response['writeHead']
  next()
}

/** This response's CSP nonce (what its page's scripts must carry). */
export function cspNonce(res: Response): string | undefined {
  return typeof res.locals.cspNonce === 'string' ? res.locals.cspNonce : undefined
}
