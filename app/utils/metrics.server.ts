import client from 'prom-client'

/**
 * What /metrics shows (Prometheus, prom-client): the counters this process
 * keeps (signatures, mail, request durations) in one registry, and gauges
 * read from the database when scraped (services/metrics.server.ts), which
 * are the same whichever process answers.
 *
 * Several web processes on one machine (WEB_CONCURRENCY, a later issue):
 * each keeps its own counters in this registry; the cluster's primary
 * answers /metrics with `AggregatorRegistry.clusterMetrics()`, which asks
 * every worker for `registry().getMetricsAsJSON()` and sums the counters
 * and histograms. The database gauges are then taken from one process only
 * (`aggregator: 'first'`, set below), not summed. Processes on other
 * machines are scraped each on its own and summed by Prometheus.
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
