import type { PetitionRow } from '../app/models/petition.server'
import type { BenchReport } from './lib/report'
import { ms, percentile, timeSequential } from './lib/timing'

const TARGET_P50_MS = 100
const SAMPLES = 40

/**
 * The organizer's petition view of a petition with a million signatures:
 * its loaders alone (the `.data` request a signed-in browser makes when it
 * navigates there), and the whole document for reference. One request at a
 * time, as one organizer uses it.
 */
export async function benchDashboard({
  url,
  petition,
  cookie,
  signatures,
}: {
  url: string
  petition: PetitionRow
  cookie: string
  signatures: number
}): Promise<BenchReport> {
  const get = (path: string) => async () => {
    const res = await fetch(url + path, { headers: { cookie } })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`)
  }
  const path = `/dashboard/petitions/${petition.id}`
  const loader = await timeSequential(get(`${path}.data`), { count: SAMPLES, warmup: 3 })
  const page = await timeSequential(get(path), { count: SAMPLES, warmup: 3 })
  const p50 = percentile(loader, 50)
  return {
    title: `Dashboard petition view, ${signatures.toLocaleString('en-US')} signatures`,
    summary: `loader p50 ${ms(p50)} · p95 ${ms(percentile(loader, 95))}`,
    target: `loader p50 < ${TARGET_P50_MS} ms`,
    met: p50 < TARGET_P50_MS,
    details: [
      `GET ${'/dashboard/petitions/:id'}.data (the route's loaders: session, petition, counts by status, today, hourly and daily series, regions and countries), signed in through /login, ${SAMPLES} requests one at a time after 3 untimed: p50 ${ms(p50)}, p95 ${ms(percentile(loader, 95))}, max ${ms(Math.max(...loader))}`,
      `the whole document (GET /dashboard/petitions/:id, loaders and render): p50 ${ms(percentile(page, 50))}, p95 ${ms(percentile(page, 95))}`,
    ],
  }
}
