import crypto from 'node:crypto'
import { deliveryQueueStats } from '~/models/delivery-queue.server'
import { env } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'
import { clusterMetricsText, metrics, underClusterPrimary } from '~/utils/metrics.server'
import { isLocalAddress, loadContext } from '~/utils/request.server'

/**
 * Who may read /metrics (the contract): a request from this machine that
 * carries no Forwarded or X-Forwarded-For header (a Prometheus beside
 * Vigil), or one with `Authorization: Bearer VIGIL_METRICS_TOKEN`. Anyone
 * else: 401 when a token is set (it says how to get in), else 403.
 */
export function requireMetricsAccess(request: Request, context: unknown): void {
  const token = env().VIGIL_METRICS_TOKEN
  const given = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim()
  if (token && given && sameSecret(given, token)) return
  const forwarded = request.headers.has('forwarded') || request.headers.has('x-forwarded-for')
  if (isLocalAddress(loadContext(context).peerAddress) && !forwarded) return
  if (token)
    throw new Response('A bearer token is needed.\n', {
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="metrics"', 'Content-Type': 'text/plain' },
    })
  throw new Response('Metrics are shown only to this machine.\n', {
    status: 403,
    headers: { 'Content-Type': 'text/plain' },
  })
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest()
  return crypto.timingSafeEqual(digest(a), digest(b))
}

/**
 * The Prometheus text: this process's counters, and the delivery queue's
 * depth and oldest due row read from the database now (so the numbers are
 * right whichever process is scraped). With the database away the rest
 * still answers, and vigil_database_up says 0.
 */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const m = metrics()
  // One of several web processes (WEB_CONCURRENCY): the primary sums them all.
  if (underClusterPrimary())
    return { contentType: m.registry.contentType, body: await clusterMetricsText() }
  await refreshDatabaseGauges()
  return { contentType: m.registry.contentType, body: await m.registry.metrics() }
}

/** The delivery queue's gauges and vigil_database_up, read from the database now. */
export async function refreshDatabaseGauges(): Promise<void> {
  const m = metrics()
  try {
    const stats = await deliveryQueueStats()
    for (const row of stats) {
      m.queueDepth.set({ kind: row.table }, row.waiting)
      m.queueOldestDueSeconds.set({ kind: row.table }, row.oldestDueSeconds)
    }
    m.databaseUp.set(1)
  } catch (error) {
    logger().warn({ err: error }, 'metrics: the database did not answer')
    m.queueDepth.reset()
    m.queueOldestDueSeconds.reset()
    m.databaseUp.set(0)
  }
}
