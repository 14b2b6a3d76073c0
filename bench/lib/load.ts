import autocannon from 'autocannon'
import type { AutocannonRequest } from 'autocannon'

export interface LoadOptions {
  url: string
  path: string
  /** The one status that counts as success (a signature's 303, a page's 200). */
  expectStatus: number
  connections: number
  durationSeconds: number
  method?: 'GET' | 'POST'
  /** Builds each request (e.g. a distinct body); called once per request. */
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest
  /** Runs after the warm-up, just before the measured run (e.g. to read a CPU counter). */
  beforeRun?: () => unknown
}

export interface LoadFigures {
  /** Answers with the expected status per second of the measured run. */
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  responses: number
  successes: number
  /** Any answer but the expected status, plus socket errors and timeouts. */
  failures: number
  errors: number
  timeouts: number
  statusCounts: Record<string, number>
  durationSeconds: number
}

function run(options: LoadOptions, connections: number, duration: number) {
  const request: AutocannonRequest & { setupRequest?: LoadOptions['setupRequest'] } = {
    method: options.method ?? 'GET',
    path: options.path,
  }
  if (options.setupRequest) request.setupRequest = options.setupRequest
  return autocannon({
    url: options.url,
    connections,
    duration,
    timeout: 10,
    requests: [request],
  })
}

/**
 * One autocannon run after a short warm-up (so the figures are of a server
 * whose code is compiled and pools are open, as in production). autocannon
 * counts every non-2xx answer as "non2xx", a 303 included, so failures are
 * computed here from the status counts: anything but `expectStatus`, plus
 * errors (autocannon's `errors` already includes its `timeouts`).
 */
export async function measure(options: LoadOptions): Promise<LoadFigures> {
  await run(options, Math.min(8, options.connections), 2)
  await options.beforeRun?.()
  const result = await run(options, options.connections, options.durationSeconds)
  const statusCounts: Record<string, number> = {}
  let responses = 0
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) {
    statusCounts[code] = count
    responses += count
  }
  const successes = statusCounts[String(options.expectStatus)] ?? 0
  return {
    requestsPerSecond: successes / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    responses,
    successes,
    failures: responses - successes + result.errors,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
    durationSeconds: result.duration,
  }
}

export function formatLoad(f: LoadFigures): string {
  return `${Math.round(f.requestsPerSecond)} req/s · p99 ${f.p99Ms} ms · ${f.failures} failures`
}
