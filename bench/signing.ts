import type { AutocannonRequest } from 'autocannon'
import type { PetitionRow } from '../app/models/petition.server'
import { signatureStatusCounts, waitForMailQueue } from './lib/fixtures'
import { formatLoad, measure, type LoadFigures } from './lib/load'
import type { BenchReport } from './lib/report'

const TARGET_P99_MS = 250
/** Under the model's 20-per-hour hold, so every signature takes the normal path. */
const SIGNATURES_PER_ADDRESS = 10
/** Mail domains the signers are spread over, so none reaches the per-domain hold (200 an hour). */
const DOMAINS = 1000

/**
 * Distinct, valid signatures posted as a browser without JavaScript posts
 * them. The server trusts X-Forwarded-For from a loopback peer, so varying it
 * spreads the signers over many client addresses, as in a real surge. The
 * bare Remix app is sent the same posts.
 */
export function signerRequests(tag: string) {
  const run = `${tag}${Date.now().toString(36)}`
  let n = 0
  return (request: AutocannonRequest): AutocannonRequest => {
    n++
    const address = Math.floor(n / SIGNATURES_PER_ADDRESS)
    const ip = `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`
    return {
      ...request,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
      body: new URLSearchParams({
        name: `Bench Signer ${n}`,
        email: `bench.${run}.${n}@d${n % DOMAINS}.example.org`,
        postalCode: String(10_000 + (n % 89_999)),
        country: 'US',
      }).toString(),
    }
  }
}

export interface SigningResult {
  report: BenchReport
  figures: LoadFigures
  /** Server CPU (all its processes) per signature, from the load's start until its mail was sent. */
  cpuMsPerSignature: number
  /** The same, during the load alone (the web's share; the worker's mail mostly follows). */
  cpuMsPerSignatureDuringLoad: number
}

/**
 * The sign POST at `connections` connections: requests/s, p99, failures,
 * and the server's CPU per signature (its processes' /proc counters),
 * measured from the end of the warm-up (its mail sent first) until every
 * confirmation of the measured run has been sent.
 */
export async function benchSigning({
  url,
  petition,
  connections,
  durationSeconds,
  cpuSeconds,
  title = 'Signing (POST /petitions/:slug)',
  processes = 1,
}: {
  url: string
  petition: PetitionRow
  connections: number
  durationSeconds: number
  cpuSeconds: () => number
  title?: string
  processes?: number
}): Promise<SigningResult> {
  let cpuBefore = 0
  const figures = await measure({
    url,
    path: `/petitions/${petition.slug}`,
    method: 'POST',
    expectStatus: 303,
    connections,
    durationSeconds,
    setupRequest: signerRequests(`p${processes}`),
    beforeRun: async () => {
      await waitForMailQueue({ timeoutMs: 150_000 })
      cpuBefore = cpuSeconds()
    },
  })
  const cpuAtEnd = cpuSeconds()
  const stored = await signatureStatusCounts(petition.id)
  const drained = await waitForMailQueue({ timeoutMs: 150_000 })
  const cpuDrained = cpuSeconds()
  const perSignature = (seconds: number) => (seconds * 1000) / Math.max(1, figures.successes)
  const cpuMsPerSignature = perSignature(cpuDrained - cpuBefore)
  const cpuMsPerSignatureDuringLoad = perSignature(cpuAtEnd - cpuBefore)
  const report: BenchReport = {
    title,
    summary: `${formatLoad(figures)} · ${cpuMsPerSignature.toFixed(2)} CPU ms a signature`,
    target: `p99 < ${TARGET_P99_MS} ms, 0 failures (the rate: against the bare Remix app, below)`,
    met: figures.failures === 0 && figures.p99Ms < TARGET_P99_MS,
    details: [
      `${processes === 1 ? 'one process (WEB_CONCURRENCY=1), the worker in it' : `WEB_CONCURRENCY=${processes}: ${processes} web processes and the primary, which runs the worker`}; ${connections} connections for ${figures.durationSeconds} s, each request a new signer (distinct email over ${DOMAINS} domains, ${SIGNATURES_PER_ADDRESS} per X-Forwarded-For address, so no limit holds them)`,
      `${figures.successes} answered 303 in the measured run; p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`,
      `answers by status: ${JSON.stringify(figures.statusCounts)}; socket errors ${figures.errors} (timeouts ${figures.timeouts})`,
      `signatures stored, warm-up included: ${JSON.stringify(stored)}`,
      drained === null
        ? 'the confirmation mail queue had not drained 150 s after the run'
        : `the worker sent every confirmation mail (over SMTP, to the sink) ${Math.round(drained)} s after the run ended`,
      `server CPU (every process, /proc): ${cpuMsPerSignature.toFixed(2)} ms a signature from the measured run's start until its mail was sent, ${cpuMsPerSignatureDuringLoad.toFixed(2)} ms during the load alone (${((cpuAtEnd - cpuBefore) / figures.durationSeconds).toFixed(2)} cores busy)`,
    ],
  }
  return { report, figures, cpuMsPerSignature, cpuMsPerSignatureDuringLoad }
}
