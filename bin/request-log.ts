import crypto from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ServerBuild } from '@remix-run/node'
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router'
import type { RequestHandler } from 'express'
import { pinoHttp } from 'pino-http'
import { logger } from '../app/utils/logger.server'
import { metrics } from '../app/utils/metrics.server'

/**
 * Each request: an id (the caller's `X-Request-Id` when it is a plain
 * token, else a new one, sent back in the same header), one JSON log line
 * when it ends (pino-http) and its duration in
 * vigil_http_request_duration_seconds. Both name the request by its Remix
 * route id (`routes/petitions.$slug`), never its URL: a URL may hold a
 * confirmation token or a search, and the client's address is not logged
 * at all. Health checks and scrapes are counted but not logged.
 */

type RouteTree = AgnosticRouteObject[]

function routeTree(build: ServerBuild, parentId?: string): RouteTree {
  return Object.values(build.routes)
    .filter((route) => route.parentId === parentId)
    .map((route) => ({
      id: route.id,
      path: route.path,
      index: route.index,
      caseSensitive: route.caseSensitive,
      children: route.index ? undefined : routeTree(build, route.id),
    })) as RouteTree
}

/** The Remix route that answers `pathname` (`.data` requests count as their page's), or static/unmatched. */
export function routeNamer(build: ServerBuild): (pathname: string) => string {
  const tree = routeTree(build)
  // matchRoutes flattens and ranks the whole tree on every call (6 % of a
  // sign POST's CPU, profiled): each path is named once, and the paths a
  // surge repeats (one petition's) stay named. Bounded, oldest out first.
  const named = new Map<string, string>()
  return (pathname) => {
    if (pathname.startsWith('/build/')) return 'static'
    const known = named.get(pathname)
    if (known !== undefined) return known
    const page = pathname === '/_root.data' ? '/' : pathname.replace(/\.data$/, '')
    const route = matchRoutes(tree, page)?.at(-1)?.route.id ?? 'unmatched'
    if (named.size >= NAMED_PATHS) named.delete(named.keys().next().value!)
    named.set(pathname, route)
    return route
  }
}

/** How many paths' route names are remembered. */
const NAMED_PATHS = 2000

const REQUEST_ID = /^[\w.:-]{1,100}$/
const QUIET = new Set(['routes/healthz', 'routes/metrics'])

/** The caller's X-Request-Id when it is a plain token, else a new one; sent back. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id']
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID()
  res.setHeader('X-Request-Id', id)
  return id
}

const namers = new WeakMap<ServerBuild, (pathname: string) => string>()
function sharedNamer(build: ServerBuild) {
  let namer = namers.get(build)
  if (!namer) namers.set(build, (namer = routeNamer(build)))
  return namer
}

/**
 * The same for a request answered before Express (the page cache's hit,
 * bin/page-cache.ts): its id, its duration in the histogram and its one log
 * line, the same fields pino-http writes. Call it as the answer begins.
 */
export function plainRequestLog(build: ServerBuild) {
  const nameRoute = sharedNamer(build)
  return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    const started = process.hrtime.bigint()
    const id = requestId(req, res)
    res.once('finish', () => {
      const elapsed = Number(process.hrtime.bigint() - started)
      const route = nameRoute(pathname)
      const status = res.statusCode
      metrics().requestDuration.observe(
        { route, method: req.method ?? 'GET', status: String(status) },
        elapsed / 1e9,
      )
      if (QUIET.has(route)) return
      logger().info(
        {
          req: { id, method: req.method, route },
          res: { statusCode: status },
          responseTime: Math.round(elapsed / 1e6),
        },
        `${req.method} ${route} ${status}`,
      )
    })
  }
}

export function requestLog(build: ServerBuild): RequestHandler[] {
  const nameRoute = sharedNamer(build)
  const routeOf = (req: IncomingMessage) => {
    const withRoute = req as IncomingMessage & { vigilRoute?: string }
    withRoute.vigilRoute ??= nameRoute(new URL(req.url ?? '/', 'http://x').pathname)
    return withRoute.vigilRoute
  }
  const timing: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint()
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      metrics().requestDuration.observe(
        { route: routeOf(req), method: req.method, status: String(res.statusCode) },
        seconds,
      )
    })
    next()
  }
  const log = pinoHttp({
    logger: logger(),
    genReqId: requestId,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({
        id: req.id,
        method: req.method,
        route: routeOf(req),
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => QUIET.has(routeOf(req)) },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
  })
  return [timing, log]
}
