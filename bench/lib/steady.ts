import http from 'node:http'
import type { AutocannonRequest } from 'autocannon'
import type { LoadFigures } from './load'

/**
 * An open-loop load at a steady rate: one request every 1/rate seconds,
 * whether or not earlier ones have been answered (up to `connections` at
 * once on keep-alive sockets; beyond that they wait for a socket, and the
 * wait counts in their latency). Each latency is from the moment the request
 * was due. autocannon's overallRate instead sends each second's share in a
 * burst at the second's start and "corrects" latencies with a 1 ms interval,
 * which is not the surge a petition sees.
 */
export async function steadyLoad({
  url,
  path,
  method,
  expectStatus,
  rate,
  seconds,
  connections,
  setupRequest,
}: {
  url: string
  path: string
  method: 'GET' | 'POST'
  expectStatus: number
  rate: number
  seconds: number
  connections: number
  setupRequest: (request: AutocannonRequest) => AutocannonRequest
}): Promise<LoadFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const latencies: number[] = []
  const statusCounts: Record<string, number> = {}
  let errors = 0
  let timeouts = 0
  const total = Math.round(rate * seconds)
  const started = performance.now()
  const pending: Promise<void>[] = []
  const one = (due: number) =>
    new Promise<void>((resolve) => {
      const request = setupRequest({ method, path })
      const body = request.body ?? ''
      const req = http.request(
        `${url}${request.path ?? path}`,
        {
          method,
          agent,
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(body)) },
          timeout: 10_000,
        },
        (res) => {
          res.resume()
          res.on('end', () => {
            statusCounts[res.statusCode!] = (statusCounts[res.statusCode!] ?? 0) + 1
            latencies.push(performance.now() - due)
            resolve()
          })
        },
      )
      req.on('timeout', () => {
        timeouts++
        req.destroy(new Error('timeout'))
      })
      req.on('error', () => {
        errors++
        resolve()
      })
      req.end(body)
    })
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    pending.push(one(due))
  }
  await Promise.all(pending)
  const duration = (performance.now() - started) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0)
  const responses = Object.values(statusCounts).reduce((a, b) => a + b, 0)
  const successes = statusCounts[String(expectStatus)] ?? 0
  return {
    requestsPerSecond: successes / duration,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    responses,
    successes,
    failures: responses - successes + errors,
    errors,
    timeouts,
    statusCounts,
    durationSeconds: Number(duration.toFixed(2)),
  }
}
