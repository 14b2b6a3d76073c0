import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { prepareDatabase } from '../db/prepare'
import { startWorker } from '../app/jobs/worker.server'
import { closeDb } from '../app/utils/db.server'
import { env } from '../app/utils/env.server'
import { stopBoss } from '../app/utils/jobs.server'
import { closeTransport } from '../app/mail/transport.server'
import { CROSS_SITE_PAGE, isCrossSiteFormPost } from '../app/utils/origin.server'
import { buildLoadContext } from '../app/utils/request.server'
import { rememberedLanguageCookie } from '../app/utils/i18n.server'
import { ensureSessionSecret } from '../app/utils/session-secret.server'
import { answerClientErrors, answerErrors, refuseMalformedRequests } from './http-guards'
import { petitionPageCache } from './page-cache'
import { cspNonce, securityHeadersMiddleware } from './security-headers'
import { describeDefaults } from './startup'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export async function createApp(): Promise<express.Express> {
  const build = (await import(pathToFileURL(path.join(root, 'build/index.js')).href)) as ServerBuild
  const app = express()
  app.disable('x-powered-by')
  // Express reads X-Forwarded-For (req.ip) and X-Forwarded-Proto/Host from these peers only.
  app.set('trust proxy', env().TRUST_PROXY)
  app.use(securityHeadersMiddleware)
  app.use(refuseMalformedRequests)
  app.use(compression())
  app.use(
    '/build',
    express.static(path.join(root, 'public/build'), { immutable: true, maxAge: '1y' }),
  )
  app.use(express.static(path.join(root, 'public'), { maxAge: '1h' }))
  app.use((req, res, next) => {
    if (isCrossSiteFormPost({ method: req.method, path: req.path, header: (n) => req.get(n) })) {
      res.status(403).type('html').send(CROSS_SITE_PAGE)
      return
    }
    next()
  })
  // `?lang=` is remembered for the next pages (the contract's language row).
  app.use((req, res, next) => {
    rememberedLanguageCookie(req.query.lang).then((cookie) => {
      if (cookie) res.append('Set-Cookie', cookie)
      next()
    }, next)
  })
  // Production only: tests and development see every change at once.
  if (process.env.NODE_ENV === 'production') app.use(petitionPageCache())
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) =>
        buildLoadContext({
          peerAddress: req.socket.remoteAddress,
          clientIp: req.ip,
          forwardedFor: req.get('x-forwarded-for'),
          forwarded: req.get('forwarded'),
          response: res,
          cspNonce: cspNonce(res),
        }),
    }),
  )
  app.use(answerErrors)
  return app
}

export async function startServer(): Promise<void> {
  const settings = env()
  const secret = ensureSessionSecret()
  const prepared = await prepareDatabase({ seed: true })
  const worker = settings.VIGIL_WORKER === 'on'
  if (worker) await startWorker()
  const app = await createApp()
  const server = app.listen(settings.PORT, () => {
    console.log(describeDefaults({ settings, prepared, secretGenerated: secret.generated, worker }))
  })
  answerClientErrors(server)
  // Keep-alive longer than common proxies' so they never reuse a closed socket.
  server.keepAliveTimeout = 65_000
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    server.close()
    await stopBoss().catch(() => {})
    closeTransport()
    await closeDb()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
