import type { PetitionRow } from '../app/models/petition.server'
import { db } from '../app/utils/db.server'
import { signatureStatusCounts, waitForMailQueue } from './lib/fixtures'
import { steadyLoad } from './lib/steady'
import type { BenchReport } from './lib/report'
import { signerRequests } from './signing'

/** What the mail queue holds now: rows not yet sent, and how long the oldest has waited. */
async function mailQueue(): Promise<{ waiting: number; oldestSeconds: number }> {
  const [row] = await db()<{ waiting: number; oldestSeconds: number | null }[]>`
    select count(*)::int as waiting,
      extract(epoch from now() - min(created_at))::float8 as oldest_seconds
    from outbound_emails where status in ('queued', 'sending')`
  return { waiting: row?.waiting ?? 0, oldestSeconds: row?.oldestSeconds ?? 0 }
}

/**
 * A sustained surge (issue 18, item 6; a figure to report, not a gate):
 * signers at a steady `rate` a second for `seconds` (BENCH_SURGE_SECONDS,
 * BENCH_SURGE_RATE), each from their own address, with the worker sending
 * every confirmation mail (over SMTP, to the sink) as they come. The mail lag
 * is sampled every 5 s: how long the oldest unsent confirmation has waited.
 */
export async function benchSurge({
  url,
  petition,
  rate,
  seconds,
}: {
  url: string
  petition: PetitionRow
  rate: number
  seconds: number
}): Promise<BenchReport> {
  const before = await signatureStatusCounts(petition.id)
  let worstLag = 0
  let sampling = true
  const samples = (async () => {
    while (sampling) {
      worstLag = Math.max(worstLag, (await mailQueue()).oldestSeconds)
      await new Promise((r) => setTimeout(r, 5000))
    }
  })()
  const figures = await steadyLoad({
    url,
    path: `/petitions/${petition.slug}`,
    method: 'POST',
    expectStatus: 303,
    connections: 64,
    rate,
    seconds,
    setupRequest: signerRequests('surge'),
  })
  const atEnd = await mailQueue()
  sampling = false
  await samples
  const drained = await waitForMailQueue({ timeoutMs: 300_000 })
  const after = await signatureStatusCounts(petition.id)
  const stored = (after.pending ?? 0) - (before.pending ?? 0)
  return {
    title: `Sustained surge: ${rate} signatures/s for ${Math.round(seconds / 60) >= 1 ? `${(seconds / 60).toFixed(0)} min` : `${seconds} s`}`,
    summary: `${Math.round(figures.requestsPerSecond)} req/s · p99 ${figures.p99Ms} ms · ${figures.failures} failures · mail lag at the end ${atEnd.oldestSeconds.toFixed(1)} s`,
    target: null,
    met: null,
    details: [
      `${rate} sign POSTs a second, evenly spaced (one every ${(1000 / rate).toFixed(0)} ms, open loop: bench/lib/steady.ts; up to 64 keep-alive connections) for ${figures.durationSeconds} s, latency counted from when each was due; each a new signer from their own address; the worker in the server process sends each confirmation (over SMTP, to the sink) as it comes`,
      `${figures.successes} answered 303; p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms; answers by status: ${JSON.stringify(figures.statusCounts)}; socket errors ${figures.errors} (timeouts ${figures.timeouts}); ${stored} new pending signatures stored`,
      `mail lag (the oldest unsent confirmation's wait), sampled every 5 s: at most ${worstLag.toFixed(1)} s during the surge; at its end ${atEnd.oldestSeconds.toFixed(1)} s with ${atEnd.waiting} unsent; ${drained === null ? 'not drained 300 s later' : `all sent ${drained.toFixed(0)} s after the end`}`,
    ],
  }
}
