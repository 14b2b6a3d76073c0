import type { PetitionRow } from '../app/models/petition.server'
import type { BenchReport } from './lib/report'

const TARGET_ROWS_PER_SECOND = 100_000
const TARGET_RSS_GROWTH_MB = 50
const MB = 1024 * 1024

async function download(
  url: string,
  token: string,
): Promise<{ lines: number; bytes: number; encoding: string }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  if (res.status !== 200 || !res.body) throw new Error(`CSV export answered ${res.status}`)
  let lines = 0
  let bytes = 0
  // Counted as it arrives, never held: the reader must not be what limits the rate.
  const reader = res.body.getReader()
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const chunk = read.value
    bytes += chunk.length
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++
  }
  return { lines, bytes, encoding: res.headers.get('content-encoding') ?? 'identity' }
}

/**
 * The CSV export of a petition with a million signatures through the API,
 * read as fast as it comes, while the server's resident memory is sampled.
 */
export async function benchExport({
  url,
  petition,
  warmupPetition,
  token,
  rss,
  signatures,
}: {
  url: string
  petition: PetitionRow
  warmupPetition: PetitionRow
  token: string
  rss: () => number
  signatures: number
}): Promise<BenchReport> {
  const csv = (p: PetitionRow) => `${url}/api/v1/petitions/${p.id}/signatures.csv`
  await download(csv(warmupPetition), token)
  const before = rss()
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20)
  const started = performance.now()
  const { lines, bytes, encoding } = await download(csv(petition), token)
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  peak = Math.max(peak, rss())
  const rows = lines - 1 // the header
  const rate = rows / seconds
  const growth = (peak - before) / MB
  return {
    title: `CSV export, ${signatures.toLocaleString('en-US')} signatures`,
    summary: `${Math.round(rate).toLocaleString('en-US')} rows/s · server RSS +${growth.toFixed(1)} MB`,
    target: `≥ ${TARGET_ROWS_PER_SECOND.toLocaleString('en-US')} rows/s, RSS growth < ${TARGET_RSS_GROWTH_MB} MB`,
    met: rate >= TARGET_ROWS_PER_SECOND && growth < TARGET_RSS_GROWTH_MB,
    details: [
      `GET /api/v1/petitions/:id/signatures.csv with a bearer token made by \`vigil token:create\` (the default: confirmed signatures, emails included): ${rows.toLocaleString('en-US')} rows, ${(bytes / MB).toFixed(1)} MB of CSV in ${seconds.toFixed(2)} s, sent with Content-Encoding ${encoding} (fetch asks for gzip; the route compresses within its backpressure chain)`,
      `server RSS sampled every 20 ms: ${(before / MB).toFixed(0)} MB before, ${(peak / MB).toFixed(0)} MB at most during the export (after one untimed export of a small petition)`,
    ],
  }
}
