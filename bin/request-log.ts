import crypto from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ServerBuild } from '@remix-run/node'
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router'
import type { RequestHandler } from 'express'
import { logger } from '../app/utils/logger.server'
import { metrics } from '../app/utils/metrics.server'

/**
 * Each request: an id (the caller's `X-Request-Id` when it is a plain
 * token, else a new one, sent back in the same header), one JSON log line
 * when it ends (pino, the app's logger) and its duration in
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
 * One request, from its start: its id, and, once its answer has gone (or
 * its connection closed first), its duration in the histogram and its one
 * log line, at `error` for a 5xx.
 */
function trackRequest(req: IncomingMessage, res: ServerResponse, routeOf: () => string): void {
  const started = process.hrtime.bigint()
  const id = requestId(req, res)
  // 'close' comes once, after 'finish' for an answer sent, alone for a connection closed first.
  res.once('close', () => {
    const elapsed = Number(process.hrtime.bigint() - started)
    const route = routeOf()
    const method = req.method ?? 'GET'
    const status = res.statusCode
    const finished = res.writableFinished
    if (finished)
      metrics().requestDuration.observe({ route, method, status: String(status) }, elapsed / 1e9)
    if (QUIET.has(route)) return
    const fields = {
      req: { id, method, route },
      res: { statusCode: status },
      responseTime: Math.round(elapsed / 1e6),
    }
    const message = `${method} ${route} ${finished ? status : 'aborted'}`
    if (status >= 500) logger().error(fields, message)
    else logger().info(fields, message)
  })
}

/** For a request answered before Express (the page cache's hit, bin/page-cache.ts); call it as the answer begins. */
export function plainRequestLog(build: ServerBuild) {
  const nameRoute = sharedNamer(build)
  return (req: IncomingMessage, res: ServerResponse, pathname: string): void =>
    trackRequest(req, res, () => nameRoute(pathname))
}

/** Express's first middleware: every request it answers. */
export function requestLog(build: ServerBuild): RequestHandler {
  const nameRoute = sharedNamer(build)
  return (req, res, next) => {
    // The URL as it came: a mounted middleware (static files) shortens req.url while it answers.
    const url = req.originalUrl
    trackRequest(req, res, () => nameRoute(new URL(url, 'http://x').pathname))
    next()
  }
}
