import type { Server } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import { logger } from '../app/utils/logger.server'
import { plainPage } from '../app/utils/origin.server'
import { requestTargetProblem } from '../app/utils/text'

/**
 * What is refused before a request reaches the app, with a clear answer
 * instead of a 500 from deeper down: a method Vigil does not answer
 * (`TRACE`, which the Fetch API cannot even represent) is a 405, and a URL
 * whose escapes are not UTF-8 or carry a NUL (`/petitions/%00`, `?q=%00`;
 * PostgreSQL cannot store NUL) is a 400. Under /api/ and /hooks/ the answer
 * is the contract's JSON error; elsewhere a short page. Bodies are checked
 * where they are read (utils/form.server.ts, api/envelope.server.ts).
 */
export const ANSWERED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

const isApi = (path: string) => path.startsWith('/api/') || path.startsWith('/hooks/')

function answer(req: Request, res: Response, status: number, title: string, message: string) {
  res.status(status)
  if (isApi(req.path)) res.json({ error: { message } })
  else res.type('html').send(plainPage(title, [message]))
}

export function refuseMalformedRequests(req: Request, res: Response, next: NextFunction): void {
  if (!ANSWERED_METHODS.includes(req.method)) {
    res.setHeader('Allow', ANSWERED_METHODS.join(', '))
    answer(req, res, 405, 'Method not allowed', `Vigil does not answer ${req.method} requests.`)
    return
  }
  const problem = requestTargetProblem(req.originalUrl)
  if (problem) {
    const message =
      problem === 'nul'
        ? 'This address contains a NUL character (%00), which Vigil does not accept.'
        : 'This address contains escapes that are not UTF-8 text, which Vigil does not accept.'
    answer(req, res, 400, 'Bad address', message)
    return
  }
  next()
}

/**
 * The last handler: an error that escaped a route (Remix renders its own)
 * is answered in the same two shapes, its status kept when it has one (a
 * body parser's 400 or 413), else 500; nothing internal is shown.
 */
export function answerErrors(error: unknown, req: Request, res: Response, next: NextFunction) {
  if (res.headersSent) {
    next(error)
    return
  }
  const given = (error as { status?: unknown; statusCode?: unknown })?.status
  const status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500
  if (status >= 500) logger().error({ err: error }, 'a request failed')
  const message =
    status >= 500
      ? 'Something went wrong on our side. Please try again in a moment.'
      : 'This request could not be read.'
  answer(req, res, status, status >= 500 ? 'Something went wrong' : 'Bad request', message)
}

/**
 * Requests Node's HTTP parser refuses (a raw NUL or a non-ASCII byte in
 * the request line, a malformed header) get a plain 400 that closes the
 * connection, rather than the connection simply dropped.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy()
      return
    }
    const body = 'Bad request.'
    socket.end(
      [
        'HTTP/1.1 400 Bad Request',
        'Connection: close',
        'Content-Type: text/plain; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'X-Content-Type-Options: nosniff',
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
        '',
        body,
      ].join('\r\n'),
    )
  })
}
