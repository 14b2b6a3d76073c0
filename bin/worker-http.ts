import http from 'node:http'
import { databaseAnswers } from '../app/models/health.server'
import { metricsText, requireMetricsAccess } from '../app/services/metrics.server'
import { logger } from '../app/utils/logger.server'
import { listen } from './lifecycle'

/**
 * `npm run worker` with PORT set answers `GET /metrics` (the worker's own
 * counters: mail sent and failed, and the queue) and `GET /healthz` there,
 * under the same rules as the web's, so that a worker running apart can be
 * scraped and health-checked. Nothing else: it serves no pages.
 */
export function serveWorkerEndpoints(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    void answer(req, res).catch((error: unknown) => {
      logger().error({ err: error }, 'worker endpoint failed')
      if (!res.headersSent) res.writeHead(500).end()
    })
  })
  return listen(server, port).then(() => server)
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse) {
  const path = new URL(req.url ?? '/', 'http://worker').pathname
  if (req.method !== 'GET' || (path !== '/metrics' && path !== '/healthz')) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found.\n')
    return
  }
  if (path === '/healthz') {
    const ok = await databaseAnswers()
    res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ ok }))
    return
  }
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string') headers.set(name, value)
  try {
    requireMetricsAccess(new Request('http://worker/metrics', { headers }), {
      peerAddress:
        req.socket.remoteAddress?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '') ?? null,
    })
  } catch (refusal) {
    if (!(refusal instanceof Response)) throw refusal
    res.writeHead(refusal.status, Object.fromEntries(refusal.headers)).end(await refusal.text())
    return
  }
  const { contentType, body } = await metricsText()
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' }).end(body)
}
