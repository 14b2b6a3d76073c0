import type { ServerBuild } from '@remix-run/node'
import { createRequestHandler, writeReadableStreamToWritable } from '@remix-run/node'
import type { NextFunction, Request, Response } from 'express'
import type { VigilLoadContext } from '../app/utils/request.server'

/**
 * The sign forms' posts (no JavaScript: a document POST to the page itself)
 * go to their route's action directly, without Remix's request handler
 * around it (decision 045). Remix matches the URL against every route twice
 * per request, flattening and ranking the whole tree each time: a quarter
 * of a sign POST's CPU with Vigil's hundred routes, profiled, and nothing a
 * bare one-route app pays. The action is the route's own (`action` of the
 * route module in the build), given what Remix would give it: the request,
 * the slug, the load context.
 *
 * Only its success is answered here: a redirect (the 303 to the thanks
 * page) is sent as Remix sends it. Anything else (the form again with its
 * errors, a closed petition's 409, an error) is handed to Remix with the
 * same body, which runs the action again and renders the answer: nothing
 * was stored by a post that did not succeed, and a repeat stores nothing.
 * A post with a query string, of another type, without a length or larger
 * than a form is left to Remix altogether.
 */
const DIRECT_ROUTES: { pattern: RegExp; routeId: string }[] = [
  { pattern: /^\/petitions\/(?<slug>[^/.?]+)\/?$/, routeId: 'routes/petitions.$slug' },
  { pattern: /^\/embed\/petitions\/(?<slug>[^/.?]+)\/?$/, routeId: 'routes/embed.petitions.$slug' },
]
/** Larger posts (none a sign form sends) go to Remix as they are. */
const MAX_DIRECT_BYTES = 64 * 1024

type Action = (args: {
  request: globalThis.Request
  params: Record<string, string>
  context: VigilLoadContext
}) => Promise<unknown>

export function directFormActions({
  build,
  getLoadContext,
}: {
  build: ServerBuild
  getLoadContext: (req: Request, res: Response) => VigilLoadContext
}) {
  const routes = DIRECT_ROUTES.flatMap(({ pattern, routeId }) => {
    const action = build.routes[routeId]?.module.action as Action | undefined
    return action ? [{ pattern, action }] : []
  })
  const remix = createRequestHandler(build, process.env.NODE_ENV)

  return async function directFormAction(req: Request, res: Response, next: NextFunction) {
    const length = Number(req.headers['content-length'])
    const type = req.headers['content-type'] ?? ''
    if (
      req.method !== 'POST' ||
      req.originalUrl.includes('?') ||
      !(length > 0 && length <= MAX_DIRECT_BYTES) ||
      !type.toLowerCase().startsWith('application/x-www-form-urlencoded')
    )
      return next()
    const path = req.originalUrl
    let route: (typeof routes)[number] | undefined
    let slug: string | undefined
    for (const candidate of routes) {
      slug = candidate.pattern.exec(path)?.groups?.slug
      if (slug) {
        route = candidate
        break
      }
    }
    if (!route || !slug) return next()
    try {
      const body = await readBody(req)
      if (!body)
        return next(Object.assign(new Error('The form could not be read.'), { status: 400 }))
      const url = requestUrl(req)
      const headers = remixHeaders(req)
      const context = getLoadContext(req, res)
      const init = { method: 'POST', headers, body: body as unknown as BodyInit }
      const again = () => new globalThis.Request(url, init)
      let result: unknown
      try {
        result = await route.action({ request: again(), params: { slug }, context })
      } catch (thrown) {
        result = thrown
      }
      if (result instanceof globalThis.Response && isRedirect(result)) {
        await sendRemixResponse(res, result)
        return
      }
      await sendRemixResponse(res, await remix(again(), context))
    } catch (error) {
      next(error)
    }
  }
}

/** The body as sent, or null when it ended before its Content-Length. */
async function readBody(req: Request): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const body = Buffer.concat(chunks)
  return body.length === Number(req.headers['content-length']) ? body : null
}

/** The URL as Remix's Express adapter builds it (the host as `trust proxy` allows, its port kept). */
function requestUrl(req: Request): string {
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(':')[1] ?? '', 10)
  const forwardedPort = portOf(req.get('x-forwarded-host'))
  const hostPort = portOf(req.get('host'))
  const port = Number.isSafeInteger(forwardedPort)
    ? forwardedPort
    : Number.isSafeInteger(hostPort)
      ? hostPort
      : ''
  return `${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`
}

function remixHeaders(req: Request): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else if (value) headers.set(name, value)
  }
  return headers
}

/** As Remix's Express adapter sends a response. */
async function sendRemixResponse(res: Response, response: globalThis.Response): Promise<void> {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [name, value] of response.headers.entries()) res.append(name, value)
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}

function isRedirect(response: globalThis.Response): boolean {
  return response.status >= 300 && response.status < 400 && response.headers.has('location')
}
