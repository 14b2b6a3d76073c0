/**
 * `npm run bench`: builds for production, creates a fresh database on a real
 * PostgreSQL server, starts the real server as a child process and loads it
 * with autocannon. Prints each figure and writes them to BENCHMARKS.md.
 *
 *   npm run bench                  every benchmark; rewrites BENCHMARKS.md
 *   npm run bench -- signing       only those named; prints, writes nothing
 *   BENCH_PROFILE=1 npm run bench  also writes a CPU profile of the server (path printed)
 *   BENCH_SIGNATURES=100000 …      a smaller petition for the dashboard and export (default 1,000,000)
 *   BENCH_RECIPIENTS=10000 …       a smaller campaign (default 100,000)
 *   BENCH_PACKET_SIGNERS=20000 …   a smaller delivery packet (default 100,000)
 *   npm run bench -- lighthouse     Lighthouse on the petition page (Debian's Chromium)
 *   BENCH_SURGE_SECONDS=60 …       a shorter sustained surge (default 600 s at BENCH_SURGE_RATE=200/s)
 *
 * `reference` runs the bare Remix app and bare Node beside signing and the
 * page (ratios need those too); `cluster` signs against WEB_CONCURRENCY=2;
 * `startup` times `npm start`; `surge` is the sustained surge.
 *
 * DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres);
 * the benchmarks use their own database on it, `vigil_bench`, recreated each run.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { closeDb, db } from '../app/utils/db.server'
import type { PetitionRow } from '../app/models/petition.server'
import { benchCampaign } from './campaign'
import { benchDashboard } from './dashboard'
import { benchExport } from './export'
import { benchHealthz } from './healthz'
import { benchLighthouse } from './lighthouse'
import { benchPacket } from './packet'
import { createBenchDatabase, DEFAULT_ADMIN_URL } from './lib/database'
import { confirmSomeSigners, createBenchPetition } from './lib/fixtures'
import { describeMachine } from './lib/machine'
import { seedSignatures } from './lib/million'
import { createOrganizer, signIn } from './lib/organizer'
import { printReport, renderMarkdown, writeReport, type BenchReport } from './lib/report'
import { startBenchServer } from './lib/server'
import { startSmtpSink } from './lib/smtp-sink'
import { benchPetitionPage } from './petition-page'
import {
  benchBareNode,
  benchBareRemix,
  buildBareRemix,
  cpuReport,
  fetchPage,
  pageRatioReport,
  signRatioReport,
  type BareRemixFigures,
} from './references'
import { benchSigning, type SigningResult } from './signing'
import { benchStartup } from './startup'
import { benchSurge } from './surge'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CONNECTIONS = 64
const DURATION_SECONDS = 20
const ORGANIZATION = 'Bench Advocacy Project'
const SIGNATURES = Number(process.env.BENCH_SIGNATURES ?? 1_000_000)
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000)
const PACKET_SIGNERS = Number(process.env.BENCH_PACKET_SIGNERS ?? 100_000)
const SURGE_SECONDS = Number(process.env.BENCH_SURGE_SECONDS ?? 600)
const SURGE_RATE = Number(process.env.BENCH_SURGE_RATE ?? 200)
const NAMES = [
  'signing',
  'reference',
  'petition-page',
  'surge',
  'cluster',
  'startup',
  'healthz',
  'dashboard',
  'export',
  'packet',
  'campaign',
  'lighthouse',
] as const

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'))
for (const name of only) {
  if (!(NAMES as readonly string[]).includes(name))
    throw new Error(`Unknown benchmark "${name}"; known: ${NAMES.join(', ')}`)
}
const wanted = (name: (typeof NAMES)[number]) => only.length === 0 || only.includes(name)

console.log('Building for production (npx remix build)…')
const build = spawnSync('npx', ['remix', 'build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) throw new Error('remix build failed')
if (wanted('reference')) buildBareRemix(root)

const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL
const database = await createBenchDatabase({ adminUrl, name: 'vigil_bench' })
const machine = describeMachine(database.serverVersion)
console.log(
  `${machine.cpus} CPUs, ${machine.memoryGiB} GiB, ${machine.cpuModel}; Node ${machine.node}; PostgreSQL ${machine.postgres}`,
)

// The servers' mail server (confirmations, notices): its own process, as a relay is.
const sink = await startSmtpSink(root)
const server = await startBenchServer({ root, databaseUrl: database.url, smtpUrl: sink.url })
console.log(`Server ${server.url} (pid ${server.pid}, log ${server.logFile})`)
const reports: BenchReport[] = []
const cpuRuns: { processes: number; result: SigningResult }[] = []
const petition = await createBenchPetition()
try {
  const load = { url: server.url, connections: CONNECTIONS, durationSeconds: DURATION_SECONDS }

  const bareRemix: BareRemixFigures[] = []
  const bareRemixPost = async () => {
    console.log('\nBare Remix form POST…')
    bareRemix.push(await benchBareRemix({ root, ...load, only: 'post' }))
  }
  if (wanted('signing')) {
    if (wanted('reference')) await bareRemixPost()
    console.log(`\nSigning: ${CONNECTIONS} connections, ${DURATION_SECONDS} s…`)
    const sign = await benchSigning({ ...load, petition, cpuSeconds: () => server.cpuSeconds() })
    cpuRuns.push({ processes: 1, result: sign })
    reports.push(sign.report)
    server.assertAlive()
    printReport(sign.report)
    if (wanted('reference')) {
      await bareRemixPost()
      reports.push(signRatioReport(sign.figures, bareRemix))
      printReport(reports.at(-1)!)
    }
  }
  if (wanted('petition-page')) {
    await confirmSomeSigners({ petitionId: petition.id, count: 500 })
    const page = await fetchPage(`${server.url}/petitions/${petition.slug}`)
    const bareNode = []
    if (wanted('reference')) {
      console.log('\nBare Node, the same bytes…')
      bareNode.push(await benchBareNode({ root, page, ...load }))
    }
    console.log(`\nPetition page: ${CONNECTIONS} connections, ${DURATION_SECONDS} s…`)
    const { reports: pageReports, served } = await benchPetitionPage({ ...load, petition })
    for (const report of pageReports) {
      server.assertAlive()
      reports.push(report)
      printReport(report)
    }
    if (wanted('reference')) {
      bareNode.push(await benchBareNode({ root, page, ...load }))
      console.log('\nBare Remix GET…')
      const { get } = await benchBareRemix({ root, ...load, only: 'get' })
      reports.push(pageRatioReport(served, bareNode, get, page.body.length))
      printReport(reports.at(-1)!)
    }
  }
  if (wanted('lighthouse')) {
    console.log('\nLighthouse, petition page…')
    const report = await benchLighthouse({ url: server.url, petition })
    if (report) {
      reports.push(report)
      printReport(report)
    }
  }
  if (wanted('healthz')) {
    console.log(`\n/healthz: ${CONNECTIONS} connections, ${DURATION_SECONDS} s…`)
    reports.push(await benchHealthz(load))
    server.assertAlive()
    printReport(reports.at(-1)!)
  }
  if (wanted('surge')) {
    console.log(`\nSustained surge: ${SURGE_RATE}/s for ${SURGE_SECONDS} s…`)
    const surgePetition = await createBenchPetition({ title: 'Spare Bench Example: the surge' })
    const rate = SURGE_RATE
    reports.push(
      await benchSurge({ ...load, petition: surgePetition, rate, seconds: SURGE_SECONDS }),
    )
    server.assertAlive()
    printReport(reports.at(-1)!)
  }
} finally {
  await server.stop()
}
if (wanted('cluster')) {
  const two = await startBenchServer({
    root,
    databaseUrl: database.url,
    webConcurrency: 2,
    smtpUrl: sink.url,
  })
  try {
    console.log(`\nSigning, WEB_CONCURRENCY=2: ${CONNECTIONS} connections, ${DURATION_SECONDS} s…`)
    const result = await benchSigning({
      url: two.url,
      petition: await createBenchPetition({ title: 'Spare Bench Example: two processes' }),
      connections: CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      cpuSeconds: () => two.cpuSeconds(),
      title: 'Signing with WEB_CONCURRENCY=2',
      processes: 2,
    })
    cpuRuns.push({ processes: 2, result })
    reports.push(result.report)
    two.assertAlive()
    printReport(result.report)
  } finally {
    await two.stop()
  }
}
// The big petitions are loaded with no server running (the load bypasses a
// trigger, which must not happen under a running server), and after the
// signing, page and surge loads, so that those do not meet a database still
// writing out a bulk load (in one run that did, signing ran at a third of
// its rate in the runs before). A checkpoint writes it out before they run.
const needBig = wanted('dashboard') || wanted('export')
let big: PetitionRow | undefined
let seedSeconds = 0
if (needBig) {
  console.log(`Seeding a petition with ${SIGNATURES.toLocaleString('en-US')} signatures…`)
  const started = performance.now()
  big = await createBenchPetition({ title: 'Spare Bench Example, a million voices' })
  await seedSignatures({ petition: big, count: SIGNATURES })
  seedSeconds = (performance.now() - started) / 1000
  console.log(`  seeded in ${seedSeconds.toFixed(1)} s`)
}
let packetPetition: PetitionRow | undefined
if (wanted('packet')) {
  console.log(`Seeding a petition with ${PACKET_SIGNERS.toLocaleString('en-US')} signatures…`)
  packetPetition = await createBenchPetition({ title: 'Spare Bench Example: the packet' })
  await seedSignatures({ petition: packetPetition, count: PACKET_SIGNERS })
}

if (big || packetPetition) {
  await db()`checkpoint`
  const server = await startBenchServer({ root, databaseUrl: database.url, smtpUrl: sink.url })
  console.log(`Server ${server.url} (pid ${server.pid}, log ${server.logFile})`)
  try {
    const organizer =
      big || packetPetition
        ? createOrganizer({ root, databaseUrl: database.url, organization: ORGANIZATION })
        : null
    if (big && organizer) {
      const shared = { url: server.url, petition: big, signatures: SIGNATURES }
      if (wanted('dashboard')) {
        console.log('\nDashboard petition view…')
        const cookie = await signIn(server.url, organizer)
        reports.push(await benchDashboard({ ...shared, cookie }))
        server.assertAlive()
        printReport(reports.at(-1)!)
      }
      if (wanted('export')) {
        console.log('\nCSV export…')
        reports.push(
          await benchExport({
            ...shared,
            warmupPetition: petition,
            token: organizer.token,
            rss: () => server.rss(),
          }),
        )
        server.assertAlive()
        printReport(reports.at(-1)!)
      }
    }
    if (packetPetition && organizer) {
      console.log('\nDelivery packet…')
      reports.push(
        await benchPacket({
          url: server.url,
          petition: packetPetition,
          warmupPetition: petition,
          token: organizer.token,
          rss: () => server.rss(),
          signatures: PACKET_SIGNERS,
        }),
      )
      server.assertAlive()
      printReport(reports.at(-1)!)
    }
  } finally {
    await server.stop()
  }
}

if (cpuRuns.length > 0) {
  reports.push(cpuReport(cpuRuns))
  printReport(reports.at(-1)!)
}
if (wanted('startup')) {
  console.log('\nStartup (npm start)…')
  reports.push(await benchStartup({ root, databaseUrl: database.url }))
  printReport(reports.at(-1)!)
}
try {
  // After the web benchmarks, with the web server stopped: the worker has the machine.
  if (wanted('campaign')) {
    console.log(`\nCampaign to ${RECIPIENTS.toLocaleString('en-US')} signers…`)
    const petition = await createBenchPetition({ title: 'Bench campaign audience' })
    reports.push(
      await benchCampaign({ root, databaseUrl: database.url, petition, recipients: RECIPIENTS }),
    )
    printReport(reports.at(-1)!)
  }
} finally {
  await closeDb()
  await sink.stop()
}

if (only.length === 0) {
  const file = path.join(root, 'BENCHMARKS.md')
  writeReport(
    file,
    renderMarkdown({
      machine,
      reports,
      method: [
        '`npm run bench`: `npx remix build`, then a fresh `vigil_bench` database on the PostgreSQL server of `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`), migrated.',
        'The real server (`bin/server.ts`, `NODE_ENV=production`, worker on in the same process) runs as a child process; autocannon runs in the bench process on the same machine, so the two share its CPUs. Its mail goes over SMTP (nodemailer’s pool, as in production) to a sink in a third process (smtp-server, accepting every mail, keeping none: bench/lib/smtp-sink.ts), not to the dev mailbox, a table only development uses.',
        `Each load is ${CONNECTIONS} connections for ${DURATION_SECONDS} s after a 2 s warm-up at 8 connections that is not counted. Requests/s counts only answers with the expected status.`,
        'A failure is any answer other than the expected one (303 for signing, 200 for pages), a socket error or a timeout (10 s).',
        `The dashboard and export benchmarks use a second petition of ${SIGNATURES.toLocaleString('en-US')} signatures, inserted with \`INSERT … SELECT generate_series\` (${seedSeconds.toFixed(0)} s) with no server running, after the signing, page, surge and WEB_CONCURRENCY=2 benchmarks, statistics rebuilt and tables analyzed, then a CHECKPOINT; an organizer and an API token made with the \`vigil\` CLI.`,
        `The packet benchmark uses a third petition of ${PACKET_SIGNERS.toLocaleString('en-US')} signatures, seeded the same way (states from the ZIP codes, 10 % from Canada and the UK).`,
        "References, each run just before and just after what it is compared with, in the same run: the bare Remix 2.17.5 app of `bench/bare-remix` (built by the run; one route, its action returns the form it read) served by remix-serve, and bare Node answering the cached page's bytes from memory; each in its own process, as Vigil is.",
        'CPU per signature: /proc utime + stime of every server process. WEB_CONCURRENCY=2 is a second server (a primary with the worker, two web processes) started after the first has stopped.',
        `The sustained surge: ${SURGE_RATE} signatures/s for ${SURGE_SECONDS} s (BENCH_SURGE_RATE, BENCH_SURGE_SECONDS) against the first server, confirmation mail flowing over SMTP to the sink.`,
        'Other work (other engineers’ builds and test runs) may have been running on the machine at the same time; treat small differences between runs as noise.',
      ],
    }),
  )
  console.log(`\nWrote ${path.relative(process.cwd(), file)}`)
}
process.exit(0)
