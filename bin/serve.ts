import http from 'node:http'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { prepareDatabase } from '../db/prepare'
import { startWorker } from '../app/jobs/worker.server'
import { env } from '../app/utils/env.server'
import { answerPrimary } from '../app/utils/metrics.server'
import { CROSS_SITE_PAGE, isCrossSiteFormPost } from '../app/utils/origin.server'
import { buildLoadContext } from '../app/utils/request.server'
import { rememberedLanguageCookie } from '../app/utils/i18n.server'
import { ensureSessionSecret } from '../app/utils/session-secret.server'
import { directFormActions } from './direct-action'
import { answerClientErrors, answerErrors, refuseMalformedRequests } from './http-guards'
import { petitionPageCache } from './page-cache'
import { cspNonce, securityHeadersMiddleware } from './security-headers'
import { listen, stopJobsAndDatabase, stopOnSignal } from './lifecycle'
import { plainRequestLog, requestLog } from './request-log'
import { describeDefaults } from './startup'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * The server's request handler: a fresh page-cache hit answered from memory
 * on Node's plain request (bin/page-cache.ts, decision 046), everything
 * else by the Express app.
 */
export async function createHandler({
  draining = () => false,
}: {
  /** True once the server is stopping: keep-alive connections are closed after their answer. */
  draining?: () => boolean
} = {}): Promise<http.RequestListener> {
  const build = (await import(pathToFileURL(path.join(root, 'build/index.js')).href)) as ServerBuild
  // Production only: tests and development see every change at once.
  const pageCache = process.env.NODE_ENV === 'production' ? petitionPageCache() : null
  const app = createApp({ build, draining, pageCache })
  if (!pageCache) return app
  const plain = { log: plainRequestLog(build), draining }
  return (req, res) => {
    if (!pageCache.answerFromMemory(req, res, plain)) app(req, res)
  }
}

function createApp({
  build,
  draining,
  pageCache,
}: {
  build: ServerBuild
  draining: () => boolean
  pageCache: ReturnType<typeof petitionPageCache> | null
}): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.use(requestLog(build))
  app.use((_req, res, next) => {
    // Decided when the answer starts: a request that came in before the drain began ends it too.
    const writeHead = res.writeHead
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      if (draining() && !res.headersSent) res.setHeader('Connection', 'close')
      return writeHead.apply(this, args)
    } as typeof writeHead
    next()
  })
  // Express reads X-Forwarded-For (req.ip) and X-Forwarded-Proto/Host from these peers only.
  app.set('trust proxy', env().TRUST_PROXY)
  app.use(securityHeadersMiddleware)
  app.use(refuseMalformedRequests)
  app.use((req, res, next) => {
    if (isCrossSiteFormPost({ method: req.method, path: req.path, header: (n) => req.get(n) })) {
      res.status(403).type('html').send(CROSS_SITE_PAGE)
      return
    }
    next()
  })
  const getLoadContext = (req: express.Request, res: express.Response) =>
    buildLoadContext({
      peerAddress: req.socket.remoteAddress,
      clientIp: req.ip,
      forwardedFor: req.get('x-forwarded-for'),
      forwarded: req.get('forwarded'),
      response: res,
      cspNonce: cspNonce(res),
    })
  // The sign forms' posts: their action without Remix's routing around it
  // (decision 045), and before what does nothing for their 303: compression,
  // static files, the page cache. (Their rare 400 page goes uncompressed.)
  app.post('*', directFormActions({ build, getLoadContext }))
  app.use(compression())
  app.use(
    '/build',
    express.static(path.join(root, 'public/build'), { immutable: true, maxAge: '1y' }),
  )
  app.use(express.static(path.join(root, 'public'), { maxAge: '1h' }))
  // `?lang=` is remembered for the next pages (the contract's language row).
  app.use((req, res, next) => {
    if (!req.url.includes('lang=')) return next()
    rememberedLanguageCookie(req.query.lang).then((cookie) => {
      if (cookie) res.append('Set-Cookie', cookie)
      next()
    }, next)
  })
  if (pageCache) app.use(pageCache)
  app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext }))
  app.use(answerErrors)
  return app
}

/** Requests in flight get this long to finish after SIGTERM; then their connections close. */
const REQUEST_DRAIN_MS = 30_000

/**
 * `npm start`: the database ready, the port bound (so a second instance on
 * a taken port stops here, before it runs any job), then the worker, then
 * the one start-up block. SIGTERM drains (bin/lifecycle.ts): no new
 * connections, requests in flight finish, then the jobs, then the database.
 */
export async function startServer({
  child = false,
}: {
  /** One of WEB_CONCURRENCY web processes (bin/cluster.ts): the primary runs the worker and speaks. */
  child?: boolean
} = {}): Promise<void> {
  const settings = env()
  const secret = ensureSessionSecret()
  const prepared = await prepareDatabase({ seed: !child })
  if (child) answerPrimary()
  let draining = false
  const server = http.createServer(await createHandler({ draining: () => draining }))
  answerClientErrors(server)
  // Keep-alive longer than common proxies' so they never reuse a closed socket.
  server.keepAliveTimeout = 65_000
  await listen(server, settings.PORT)
  const worker = settings.VIGIL_WORKER === 'on' && !child
  if (worker) await startWorker()
  if (!child)
    console.log(describeDefaults({ settings, prepared, secretGenerated: secret.generated, worker }))
  stopOnSignal(async () => {
    draining = true
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    const cut = setTimeout(() => server.closeAllConnections(), REQUEST_DRAIN_MS)
    await closed
    clearTimeout(cut)
    await stopJobsAndDatabase()
  })
}
