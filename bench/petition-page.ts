import type { PetitionRow } from '../app/models/petition.server'
import { formatLoad, measure } from './lib/load'
import type { BenchReport } from './lib/report'

const TARGET_RPS = 300
const TARGET_P99_MS = 250

/** The fully rendered petition page, as a reader without a cache gets it. */
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
}): Promise<BenchReport> {
  const figures = await measure({
    url,
    path: `/petitions/${petition.slug}`,
    expectStatus: 200,
    connections,
    durationSeconds,
  })
  return {
    title: 'Petition page (GET /petitions/:slug)',
    summary: formatLoad(figures),
    target: `≥ ${TARGET_RPS}/s, p99 < ${TARGET_P99_MS} ms`,
    met:
      figures.requestsPerSecond >= TARGET_RPS &&
      figures.p99Ms < TARGET_P99_MS &&
      figures.failures === 0,
    details: [
      `${connections} connections for ${figures.durationSeconds} s; the page as the server renders it (petition, case, targets, count, latest public signers, sign form)`,
      `p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms; answers by status: ${JSON.stringify(figures.statusCounts)}; socket errors ${figures.errors}`,
    ],
  }
}
