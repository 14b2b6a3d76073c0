import cluster, { type Worker } from 'node:cluster'
import client from 'prom-client'

/**
 * What /metrics shows (Prometheus, prom-client): the counters this process
 * keeps (signatures, mail, request durations) in one registry, and gauges
 * read from the database when scraped (services/metrics.server.ts), which
 * are the same whichever process answers.
 *
 * Several web processes on one machine (WEB_CONCURRENCY, bin/cluster.ts):
 * each keeps its own counters in this registry. The web process scraped
 * asks the cluster's primary (`clusterMetricsText`), which refreshes the
 * database gauges, asks every web process for its
 * `registry.getMetricsAsJSON()` and sums them with its own (the worker's)
 * with prom-client's `AggregatorRegistry.aggregate`. The database gauges
 * are taken from the primary only (`aggregator: 'first'`, set below), not
 * summed. Processes on other machines are scraped each on its own and
 * summed by Prometheus.
 */

export interface VigilMetrics {
  registry: client.Registry
  signaturesReceived: client.Counter<'outcome'>
  signaturesConfirmed: client.Counter
  mailSent: client.Counter<'kind'>
  mailFailed: client.Counter<'kind' | 'permanent'>
  requestDuration: client.Histogram<'route' | 'method' | 'status'>
  databaseUp: client.Gauge
  queueDepth: client.Gauge<'kind'>
  queueOldestDueSeconds: client.Gauge<'kind'>
}

declare global {
  var __vigilMetrics: VigilMetrics | undefined
}

function createMetrics(): VigilMetrics {
  const registry = new client.Registry()
  client.collectDefaultMetrics({ register: registry, prefix: 'vigil_process_' })
  const registers = [registry]
  return {
    registry,
    signaturesReceived: new client.Counter({
      name: 'vigil_signatures_received_total',
      help: 'Signatures posted and stored, by outcome: created (pending confirmation), held for review, duplicate (stored nothing)',
      labelNames: ['outcome'],
      registers,
    }),
    signaturesConfirmed: new client.Counter({
      name: 'vigil_signatures_confirmed_total',
      help: 'Signatures confirmed by their signer (now counted)',
      registers,
    }),
    mailSent: new client.Counter({
      name: 'vigil_mail_sent_total',
      help: 'Deliveries accepted by the receiving server, by kind (the delivery table)',
      labelNames: ['kind'],
      registers,
    }),
    mailFailed: new client.Counter({
      name: 'vigil_mail_failed_total',
      help: 'Delivery attempts that failed, by kind; permanent="true" ends the row as failed, else it is retried',
      labelNames: ['kind', 'permanent'],
      registers,
    }),
    requestDuration: new client.Histogram({
      name: 'vigil_http_request_duration_seconds',
      help: 'HTTP request durations, by route (the Remix route id, or static/unmatched)',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    databaseUp: new client.Gauge({
      name: 'vigil_database_up',
      help: '1 when the database answered this scrape, else 0',
      aggregator: 'first',
      registers,
    }),
    queueDepth: new client.Gauge({
      name: 'vigil_queue_rows',
      help: 'Delivery rows waiting to be sent (queued, or being sent under a lease), by kind; read from the database at scrape time',
      labelNames: ['kind'],
      aggregator: 'first',
      registers,
    }),
    queueOldestDueSeconds: new client.Gauge({
      name: 'vigil_queue_oldest_due_seconds',
      help: 'How long the oldest due delivery row has waited past its due time, by kind (0 when none); read from the database at scrape time',
      labelNames: ['kind'],
      aggregator: 'first',
      registers,
    }),
  }
}

/** This process's metrics, kept on globalThis so the server entry and the Remix build share them. */
export function metrics(): VigilMetrics {
  globalThis.__vigilMetrics ??= createMetrics()
  return globalThis.__vigilMetrics
}

type MetricsMessage =
  | { type: 'vigil:metrics:ask'; id: number }
  | { type: 'vigil:metrics:text'; id: number; text: string }
  | { type: 'vigil:metrics:json-ask'; id: number }
  | {
      type: 'vigil:metrics:json'
      id: number
      json: client.MetricObjectWithValues<client.MetricValue<string>>[]
    }

const isMetricsMessage = (message: unknown): message is MetricsMessage =>
  typeof message === 'object' &&
  message !== null &&
  String((message as { type?: unknown }).type).startsWith('vigil:metrics:')

let nextId = 0
const waiting = new Map<number, (message: MetricsMessage) => void>()

/** True in a web process started by the cluster's primary (bin/cluster.ts). */
export const underClusterPrimary = (): boolean =>
  cluster.isWorker && process.env.VIGIL_WEB_CHILD === '1'

/**
 * In a web process: the primary's sum over every process on this machine,
 * as Prometheus text. The process also answers the primary's requests for
 * its own counters (installed on first use and by `answerPrimary`).
 */
export function clusterMetricsText(): Promise<string> {
  answerPrimary()
  const id = nextId++
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id)
      reject(new Error('the cluster primary did not answer for /metrics'))
    }, 5_000)
    waiting.set(id, (message) => {
      clearTimeout(timer)
      if (message.type === 'vigil:metrics:text') resolve(message.text)
    })
    process.send!({ type: 'vigil:metrics:ask', id } satisfies MetricsMessage)
  })
}

let answering = false
/** In a web process: give the primary this process's counters when it asks. */
export function answerPrimary(): void {
  if (answering) return
  answering = true
  process.on('message', (message: unknown) => {
    if (!isMetricsMessage(message)) return
    if (message.type === 'vigil:metrics:text') {
      waiting.get(message.id)?.(message)
      waiting.delete(message.id)
    }
    if (message.type === 'vigil:metrics:json-ask')
      void metrics()
        .registry.getMetricsAsJSON()
        .then((json) => process.send!({ type: 'vigil:metrics:json', id: message.id, json }))
  })
}

/**
 * In the cluster's primary: answers each web process's /metrics request
 * with the sum of every process's counters; `refresh` first sets the
 * database gauges in the primary's registry.
 */
export function serveClusterMetrics(refresh: () => Promise<void>): void {
  const replies = new Map<number, (json: unknown) => void>()
  const ask = (worker: Worker) =>
    new Promise<client.MetricObjectWithValues<client.MetricValue<string>>[]>((resolve) => {
      const id = nextId++
      const timer = setTimeout(() => {
        replies.delete(id)
        resolve([])
      }, 5_000)
      replies.set(id, (json) => {
        clearTimeout(timer)
        resolve(json as client.MetricObjectWithValues<client.MetricValue<string>>[])
      })
      worker.send({ type: 'vigil:metrics:json-ask', id } satisfies MetricsMessage)
    })
  cluster.on('message', (worker, message: unknown) => {
    if (!isMetricsMessage(message)) return
    if (message.type === 'vigil:metrics:json') {
      replies.get(message.id)?.(message.json)
      replies.delete(message.id)
    }
    if (message.type !== 'vigil:metrics:ask') return
    void (async () => {
      await refresh()
      const own = await metrics().registry.getMetricsAsJSON()
      const workers = Object.values(cluster.workers ?? {}).filter(
        (w): w is Worker => !!w && w.isConnected(),
      )
      const others = await Promise.all(workers.map(ask))
      const text = await client.AggregatorRegistry.aggregate([own, ...others]).metrics()
      if (worker.isConnected())
        worker.send({ type: 'vigil:metrics:text', id: message.id, text } satisfies MetricsMessage)
    })()
  })
}
