import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { measure, type LoadFigures } from './lib/load'
import { startProcess } from './lib/process'
import type { BenchReport } from './lib/report'
import { signerRequests, type SigningResult } from './signing'

/**
 * The references of issue 18, each run beside what it is compared with:
 * a bare Remix 2.17.5 app (bench/bare-remix: one route whose loader
 * returns a constant and whose action returns the form it read, so a POST
 * renders the page again), served by remix-serve, built in the
 * same run; and bare Node answering the cached petition page's bytes from
 * memory.
 */

/** Builds the bare Remix app (classic compiler, as Vigil's). */
export function buildBareRemix(root: string): void {
  const cwd = path.join(root, 'bench/bare-remix')
  const built = spawnSync('npx', ['remix', 'build'], { cwd, stdio: 'inherit' })
  if (built.status !== 0) throw new Error('remix build of bench/bare-remix failed')
}

export interface BareRemixFigures {
  get?: LoadFigures
  post?: LoadFigures
  /** CPU ms of the app's process per POST answered. */
  cpuMsPerPost?: number
}

/** The bare app's GET and its form POST (the same bodies as Vigil's signers), 200 each. */
export async function benchBareRemix({
  root,
  connections,
  durationSeconds,
  only = 'both',
}: {
  root: string
  connections: number
  durationSeconds: number
  only?: 'get' | 'post' | 'both'
}): Promise<BareRemixFigures> {
  const app = await startProcess({
    root,
    // remix-serve itself (@remix-run/serve 2.17.5), as the issue measured the bare app.
    args: ['node_modules/@remix-run/serve/dist/cli.js', 'bench/bare-remix/build/index.js'],
    readyPath: '/petition',
  })
  try {
    const load = {
      url: app.url,
      path: '/petition',
      expectStatus: 200,
      connections,
      durationSeconds,
    }
    const result: BareRemixFigures = {}
    if (only !== 'get') {
      let before = 0
      result.post = await measure({
        ...load,
        method: 'POST',
        setupRequest: signerRequests('bare'),
        beforeRun: () => (before = app.cpuSeconds()),
      })
      result.cpuMsPerPost = ((app.cpuSeconds() - before) * 1000) / result.post.successes
    }
    if (only !== 'post') result.get = await measure(load)
    return result
  } finally {
    await app.stop()
  }
}

/** The page's bytes as an anonymous reader without compression gets them (autocannon's request). */
export function fetchPage(url: string): Promise<{ body: Buffer; contentType: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'identity' } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            body: Buffer.concat(chunks),
            contentType: String(res.headers['content-type']),
          }),
        )
      })
      .on('error', reject)
  })
}

/** Bare Node (http.createServer) answering `page` from memory. */
export async function benchBareNode({
  root,
  page,
  connections,
  durationSeconds,
}: {
  root: string
  page: { body: Buffer; contentType: string }
  connections: number
  durationSeconds: number
}): Promise<LoadFigures> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-page-')), 'page.html')
  fs.writeFileSync(file, page.body)
  const server = await startProcess({
    root,
    args: ['bench/lib/bare-node.mjs'],
    env: { PAGE_FILE: file, CONTENT_TYPE: page.contentType },
    readyPath: '/',
  })
  try {
    return await measure({
      url: server.url,
      path: '/',
      expectStatus: 200,
      connections,
      durationSeconds,
    })
  } finally {
    await server.stop()
  }
}

const rate = (f: LoadFigures) => `${Math.round(f.requestsPerSecond)}/s (p99 ${f.p99Ms} ms)`
const mean = (figures: LoadFigures[]) =>
  figures.reduce((sum, f) => sum + f.requestsPerSecond, 0) / figures.length

/** Vigil's sign POST against the bare app's form POST run just before and just after it. */
export function signRatioReport(sign: LoadFigures, bareRuns: BareRemixFigures[]): BenchReport {
  const bare = bareRuns.map((b) => ({ post: b.post!, cpuMsPerPost: b.cpuMsPerPost ?? NaN }))
  const ratio = sign.requestsPerSecond / mean(bare.map((b) => b.post))
  return {
    title: 'Sign POST / bare Remix form POST (same run)',
    summary: `${ratio.toFixed(2)}× · Vigil ${rate(sign)} · bare Remix ${bare.map((b) => rate(b.post)).join(' and ')}`,
    target: '≥ 1.0×',
    met: ratio >= 1,
    details: [
      `the bare Remix 2.17.5 app (bench/bare-remix, built by this run with the classic compiler and Vigil's future flags) served by remix-serve (@remix-run/serve 2.17.5, with its request log), run just before and just after Vigil's signing, with the same posts (${sign.successes} signers' bodies and X-Forwarded-For headers); its action reads request.formData() and returns it, so each POST renders the page again (200); compared with the mean of the two`,
      `bare Remix CPU per POST: ${bare.map((b) => `${b.cpuMsPerPost.toFixed(2)} ms`).join(' and ')} (its one process, /proc)`,
    ],
  }
}

/** The cached petition page against bare Node answering its bytes, just before and after. */
export function pageRatioReport(
  page: LoadFigures,
  bareNode: LoadFigures[],
  bareGet: LoadFigures | undefined,
  bytes: number,
): BenchReport {
  const ratio = page.requestsPerSecond / mean(bareNode)
  return {
    title: 'Cached petition page / bare Node (same bytes, same run)',
    summary: `${ratio.toFixed(2)}× · Vigil ${rate(page)} · bare Node ${bareNode.map(rate).join(' and ')}`,
    target: '≥ 0.8×',
    met: ratio >= 0.8,
    details: [
      `bare Node: http.createServer answering the page's ${bytes.toLocaleString('en-US')} bytes (as Vigil's cache sent them, uncompressed, as autocannon asks) from one Buffer with its Content-Type (bench/lib/bare-node.mjs), its own process, run just before and just after Vigil's page; compared with their mean`,
      ...(bareGet
        ? [
            `for reference, the bare Remix app's GET (loader constant, full render each time): ${rate(bareGet)}; Vigil's cached page is ${(page.requestsPerSecond / bareGet.requestsPerSecond).toFixed(1)}× it`,
          ]
        : []),
    ],
  }
}

/** CPU per signature for one and two web processes, from their signing runs. */
export function cpuReport(runs: { processes: number; result: SigningResult }[]): BenchReport {
  return {
    title: 'Server CPU per signature, WEB_CONCURRENCY 1 and 2',
    summary: runs
      .map(
        ({ processes, result }) =>
          `${processes}: ${result.cpuMsPerSignature.toFixed(2)} ms (${Math.round(result.figures.requestsPerSecond)}/s)`,
      )
      .join(' · '),
    target: null,
    met: null,
    details: [
      'every server process (/proc utime + stime: the primary with the worker and each web process), from the start of the measured sign run until the worker had sent its confirmation mail, over the signatures answered; the load generator and PostgreSQL share the same 2 cores',
      ...runs.map(
        ({ processes, result }) =>
          `WEB_CONCURRENCY=${processes}: ${result.cpuMsPerSignatureDuringLoad.toFixed(2)} ms a signature during the load alone, p99 ${result.figures.p99Ms} ms`,
      ),
    ],
  }
}
