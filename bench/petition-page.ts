import type { PetitionRow } from '../app/models/petition.server'
import { formatLoad, measure, type LoadFigures } from './lib/load'
import type { BenchReport } from './lib/report'

const TARGET_RPS = 300
const TARGET_P99_MS = 250

/**
 * The fully rendered petition page as anonymous readers get it (in
 * production a one-second shared cache serves most of them, see
 * bin/page-cache.ts), and, for reference, what rendering it for every request
 * costs: a distinct query string per request passes the cache by.
 */
export async function benchPetitionPage({
  url,
  petition,
  connections,
  durationSeconds,
}: {
  url: string
  petition: PetitionRow
  connections: number
  durationSeconds: number
}): Promise<{ reports: BenchReport[]; served: LoadFigures }> {
  const path = `/petitions/${petition.slug}`
  const served = await measure({ url, path, expectStatus: 200, connections, durationSeconds })
  let n = 0
  const rendered = await measure({
    url,
    path,
    expectStatus: 200,
    connections,
    durationSeconds,
    setupRequest: (request) => ({ ...request, path: `${path}?r=${++n}` }),
  })
  const reports = [
    {
      title: 'Petition page (GET /petitions/:slug)',
      summary: formatLoad(served),
      target: `≥ ${TARGET_RPS}/s, p99 < ${TARGET_P99_MS} ms`,
      met:
        served.requestsPerSecond >= TARGET_RPS &&
        served.p99Ms < TARGET_P99_MS &&
        served.failures === 0,
      details: [
        `${connections} connections for ${served.durationSeconds} s, no cookies, as a reader arriving from a link; the page as the server renders it (petition, case, targets, countdown, count, latest public signers, sign form), served from the one-second shared page cache, answered before Express (bin/page-cache.ts)`,
        `p50 ${served.p50Ms} ms, p99 ${served.p99Ms} ms; answers by status: ${JSON.stringify(served.statusCounts)}; socket errors ${served.errors}`,
      ],
    },
    {
      title: 'Reference: petition page rendered for every request',
      summary: formatLoad(rendered),
      target: null,
      met: null,
      details: [
        `the same page with a distinct query string per request, which the page cache passes by: loader queries and a full React render each time`,
        `p50 ${rendered.p50Ms} ms, p99 ${rendered.p99Ms} ms; answers by status: ${JSON.stringify(rendered.statusCounts)}; socket errors ${rendered.errors}`,
      ],
    },
  ]
  return { reports, served }
}
