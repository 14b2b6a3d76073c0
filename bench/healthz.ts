import { formatLoad, measure } from './lib/load'
import type { BenchReport } from './lib/report'

/** A trivial route of the same server (one `select 1`), to show what the stack itself costs. */
export async function benchHealthz({
  url,
  connections,
  durationSeconds,
}: {
  url: string
  connections: number
  durationSeconds: number
}): Promise<BenchReport> {
  const figures = await measure({
    url,
    path: '/healthz',
    expectStatus: 200,
    connections,
    durationSeconds,
  })
  return {
    title: 'Reference: GET /healthz',
    summary: formatLoad(figures),
    target: null,
    met: null,
    details: [
      `${connections} connections for ${figures.durationSeconds} s; p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms; answers by status: ${JSON.stringify(figures.statusCounts)}`,
    ],
  }
}
