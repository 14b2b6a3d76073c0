import crypto from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import { env } from '../app/utils/env.server'
import { securityHeaders } from '../app/utils/security-headers.server'

/** Random bytes drawn from the system's source in blocks: one read serves 256 nonces. */
const NONCE_BYTES = 16
const POOL_BYTES = NONCE_BYTES * 256
let pool = Buffer.alloc(0)
let at = POOL_BYTES

/**
 * A fresh CSP nonce: 16 bytes of crypto.randomFillSync, base64. Taken from a
 * block read once per 256 nonces rather than a system call per response (a
 * sign POST's nonce read was 1.3 % of its CPU, profiled); each byte is used
 * once, so each nonce is as unpredictable as one read alone.
 */
export function newNonce(): string {
  if (at + NONCE_BYTES > POOL_BYTES) {
    pool = crypto.randomFillSync(Buffer.allocUnsafe(POOL_BYTES))
    at = 0
  }
  at += NONCE_BYTES
  return pool.toString('base64', at - NONCE_BYTES, at)
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
