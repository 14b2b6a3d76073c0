import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { regionForPostalCode } from '../app/domain/regions'
import { foldStatsJob } from '../app/jobs/stats.server'
import { createCampaign, sendCampaign } from '../app/services/campaigns.server'
import type { PetitionRow } from '../app/models/petition.server'
import { db } from '../app/utils/db.server'
import { QUEUES, stopBoss, wake } from '../app/utils/jobs.server'
import { BENCH_TEMPLATE } from './lib/campaign-mail'
import { cpuSeconds } from './lib/cpu'
import { autovacuumActivity, settleDatabase } from './lib/database'
import type { BenchReport } from './lib/report'
import { ACCEPT_EVERYTHING } from './lib/smtp-sink'

/**
 * Issue 4's delivery benchmark: a campaign to RECIPIENTS confirmed,
 * subscribed signers, sent by Vigil's worker (its own process: fan-out,
 * claims, merge, layout, SMTP pool, records) to a local SMTP sink, against
 * the same nodemailer pool sending one pre-built mail to every address of
 * the same sink, just before and just after, in the same run; plain pooled
 * nodemailer given each mail's fields as a reference. Also the worker's peak RSS.
 */

/** The bench's audience; anything else the sink receives is an organizer's notice. */
const AUDIENCE_DOMAIN = '.bench.example'

/** An SMTP server that accepts everything and counts who got what. */
async function startSink() {
  const received = new Map<string, number>()
  let total = 0
  let others = 0
  const server = new SMTPServer({
    ...ACCEPT_EVERYTHING,
    onData(stream, session, callback) {
      stream.on('end', () => {
        const rcpts = session.envelope.rcptTo.map((rcpt) => rcpt.address)
        if (rcpts.some((address) => !address.endsWith(AUDIENCE_DOMAIN))) others++
        else total++
        for (const address of rcpts) received.set(address, (received.get(address) ?? 0) + 1)
        callback()
      })
      stream.resume()
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    /** Mails to the audience (raw runs' addresses are the audience's too). */
    get total() {
      return total
    },
    /** Mails to anyone else: an organizer's notice (a milestone reached as the audience was seeded). */
    get others() {
      return others
    },
    received,
    reset() {
      received.clear()
      total = 0
      others = 0
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`)),
    )
  })
}

/** Supporters and confirmed, subscribed signatures in one statement, over 100 domains. */
async function seedAudience(petition: PetitionRow, count: number) {
  await db()`
    with people as (
      insert into supporters (organization_id, email, email_canonical, name, unsubscribe_token)
      select ${petition.organizationId}, 'fan' || g || '@d' || g % 100 || '.bench.example',
        'fan' || g || '@d' || g % 100 || '.bench.example', 'Fan' || g || ' Example',
        'bench-campaign-' || g || '-' || md5(random()::text)
      from generate_series(1, ${count}::int) g
      returning id, email, name
    )
    insert into signatures (petition_id, supporter_id, name, email, email_canonical, postal_code,
      country, region, status, confirmed_at, subscribe)
    select ${petition.id}, id, name, email, email, '78701', 'US',
      ${regionForPostalCode('US', '78701')}, 'confirmed', now(), true
    from people`
  // What signing would have done over the days these signers came: the
  // statistics folded, so that the worker's roll-up is not timed with the campaign.
  await foldStatsJob()
}

/**
 * Waits for the sweeps a worker runs once at start (regions, retention)
 * and any statistics roll-up to end: they are not the campaign's work.
 */
async function workerSettled() {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    const [row] = await db()<{ busy: number }[]>`
      select count(*)::int as busy from pgboss.job
      where state in ('created', 'retry', 'active') and start_after <= now()
        and name = any(${[QUEUES.regionsBackfill, QUEUES.privacyRetention, QUEUES.statsRollup]})`
    if (!row?.busy) return
    await new Promise((r) => setTimeout(r, 250))
  }
}

function procStatus(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) * 1024
  } catch {
    return 0
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

export async function benchCampaign({
  root,
  databaseUrl,
  petition,
  recipients,
}: {
  root: string
  databaseUrl: string
  petition: PetitionRow
  recipients: number
}): Promise<BenchReport> {
  const sink = await startSink()
  const node = process.execPath
  try {
    // 1. The pool's ceiling (one pre-built buffer), run again right after
    // Vigil's send, since the machine's pace drifts between runs; raw
    // nodemailer once after, as a reference. What the benchmarks before left
    // PostgreSQL to do (a bulk load's vacuum) is done first: not the campaign's.
    const settledBefore = await settleDatabase({ tables: ['signatures', 'supporters'] })
    const rawRun = async ({ prebuilt = false } = {}) => {
      const what = prebuilt ? 'one pre-built buffer' : 'raw nodemailer'
      console.log(`  ${what}: ${recipients.toLocaleString('en-US')} mails…`)
      const sinkCpuBefore = process.cpuUsage()
      const out = await run(
        node,
        ['--import', 'tsx', 'bench/lib/raw-nodemailer.ts'],
        {
          ...process.env,
          SINK_PORT: String(sink.port),
          COUNT: String(recipients),
          ...(prebuilt ? { PREBUILT: '1' } : {}),
        },
        root,
      )
      const result = JSON.parse(out.trim().split('\n').at(-1)!) as {
        sent: number
        seconds: number
        cpuSeconds: number
      }
      const sinkCpu = process.cpuUsage(sinkCpuBefore)
      sink.reset()
      console.log(`  raw: ${(result.sent / result.seconds).toFixed(0)}/s`)
      return { ...result, rate: result.sent / result.seconds, sinkCpu }
    }
    const ceilingBefore = await rawRun({ prebuilt: true })

    // 2. Vigil: the audience, a draft, and the worker in its own process.
    console.log(`  seeding ${recipients.toLocaleString('en-US')} signers…`)
    await seedAudience(petition, recipients)
    const settledSeeded = await settleDatabase({ tables: ['supporters', 'signatures'] })
    const message = await createCampaign({
      organizationId: petition.organizationId,
      createdBy: null,
      ...BENCH_TEMPLATE,
      petitionIds: [petition.id],
    })
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-worker-'))
    const logFile = path.join(dataDir, 'worker.log')
    const log = fs.openSync(logFile, 'a')
    // BENCH_PROFILE=1: a V8 CPU profile of the worker, written next to its log on exit.
    const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${dataDir}`] : []
    const worker = spawn(node, [...profile, '--import', 'tsx', 'bin/worker.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        APP_URL: 'http://127.0.0.1',
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        // The limits are not what is measured: no cap below the machine's pace.
        VIGIL_MAIL_RATE: '100000',
      },
      stdio: ['ignore', log, log],
    })
    let exited = false
    worker.once('exit', () => (exited = true))
    for (const deadline = Date.now() + 60_000; ;) {
      if (fs.readFileSync(logFile, 'utf8').includes('Vigil worker running')) break
      if (exited || Date.now() > deadline)
        throw new Error(`The worker did not start; see ${logFile}`)
      await new Promise((r) => setTimeout(r, 200))
    }
    await workerSettled()
    const idleRss = procStatus(worker.pid!, 'VmRSS')

    console.log('  Vigil: sending…')
    const workerCpuBefore = cpuSeconds(worker.pid!)
    const sinkCpuBefore = process.cpuUsage()
    const started = performance.now()
    await sendCampaign({
      organizationId: petition.organizationId,
      messageId: message.id,
      scheduledAt: null,
    })
    await wake(QUEUES.campaignFanout)
    let peakSampled = 0
    // Autovacuum at work beside the send (sampled each second): on what, for how many seconds.
    const vacuumed = new Map<string, number>()
    let vacuumSampledAt = 0
    const timeout = Date.now() + 20 * 60_000
    while (sink.total < recipients && Date.now() < timeout && !exited) {
      peakSampled = Math.max(peakSampled, procStatus(worker.pid!, 'VmRSS'))
      if (Date.now() - vacuumSampledAt >= 1000) {
        vacuumSampledAt = Date.now()
        for (const what of await autovacuumActivity())
          vacuumed.set(what, (vacuumed.get(what) ?? 0) + 1)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    const seconds = (performance.now() - started) / 1000
    const peakRss = Math.max(procStatus(worker.pid!, 'VmHWM'), peakSampled)
    const workerCpu = cpuSeconds(worker.pid!) - workerCpuBefore
    const sinkCpu = process.cpuUsage(sinkCpuBefore)
    const cpu = (usage: NodeJS.CpuUsage) => ((usage.user + usage.system) / 1e6).toFixed(1)
    const [fan] = await db()<{ fanOutSeconds: number }[]>`
      select extract(epoch from fanned_out_at - scheduled_at)::float8 as fan_out_seconds
      from messages where id = ${message.id}`
    // Settle: the last records are written just after the last 250.
    await new Promise((r) => setTimeout(r, 2000))
    const [stats] = await db()<{ sent: number; other: number }[]>`
      select count(*) filter (where status = 'sent')::int as sent,
        count(*) filter (where status <> 'sent')::int as other
      from message_deliveries where message_id = ${message.id}`
    worker.kill('SIGTERM')
    await new Promise((r) => (exited ? r(null) : worker.once('exit', r)))
    fs.closeSync(log)
    if (process.env.BENCH_PROFILE) console.log(`  worker profile in ${dataDir}`)

    const duplicates = [...sink.received].filter(
      ([address, n]) => n > 1 && address.endsWith(AUDIENCE_DOMAIN),
    ).length
    const vigilTotal = sink.total
    const vigilDistinct = [...sink.received.keys()].filter((a) =>
      a.endsWith(AUDIENCE_DOMAIN),
    ).length
    const others = sink.others
    const ceilingAfter = await rawRun({ prebuilt: true })
    // A reference, not the goal's measure: nodemailer given each mail's fields.
    const raw = await rawRun()
    const ceilingRate = (ceilingBefore.rate + ceilingAfter.rate) / 2
    const vigilRate = vigilTotal / seconds
    const ratio = vigilRate / raw.rate
    const ofCeiling = vigilRate / ceilingRate
    const complete = vigilTotal === recipients && vigilDistinct === recipients
    const met = complete && ofCeiling >= 0.8 && peakRss < 300 * 1024 * 1024
    return {
      title: `Campaign to ${recipients.toLocaleString('en-US')} signers`,
      summary: `${vigilRate.toFixed(0)} mails/s = ${(ofCeiling * 100).toFixed(0)} % of the pool's ceiling (one pre-built buffer, ${ceilingRate.toFixed(0)}/s) · ${(ratio * 100).toFixed(0)} % of raw nodemailer (${raw.rate.toFixed(0)}/s) · worker peak RSS ${mib(peakRss)}`,
      target: "≥ 80 % of the pool's ceiling (issue 18); worker peak RSS < 300 MB",
      met,
      details: [
        `Vigil: ${vigilTotal.toLocaleString('en-US')} mails received by the sink in ${seconds.toFixed(1)} s, from "send" to the last 250 (fan-out of the audience into delivery rows: ${(fan?.fanOutSeconds ?? 0).toFixed(1)} s of it); ${vigilDistinct.toLocaleString('en-US')} distinct recipients, ${duplicates} received twice (and ${others} other mail, to organizers, not counted); delivery records: ${stats?.sent ?? 0} sent, ${stats?.other ?? 0} other.`,
        `The goal's measure (issue 18): the same pool sending one buffer composed once to every address (nodemailer's ceiling here, no composing per mail), run just before and just after Vigil (the machine's pace drifts from minute to minute): ${ceilingBefore.rate.toFixed(0)} and ${ceilingAfter.rate.toFixed(0)} mails/s (${recipients.toLocaleString('en-US')} mails each, in ${ceilingBefore.seconds.toFixed(1)} and ${ceilingAfter.seconds.toFixed(1)} s); Vigil is compared with their mean and reached ${(ofCeiling * 100).toFixed(0)} % of it. 50 sends in flight on a pool of 5 connections (Vigil's pool size); no database, no merge, no records. Vigil composes every mail (its own To, unsubscribe link and names) into one buffer and hands it to the same pool directly (decision 047: no Mailer, MailComposer, MimeNode or stream pipeline per mail, which the ceiling still pays for its one buffer).`,
        `Raw nodemailer, a reference run once after the second ceiling: the same pool given each mail's fields (sendMail with from, to, subject, html, text and headers, as nodemailer's documentation shows), ${raw.rate.toFixed(0)} mails/s (${raw.seconds.toFixed(1)} s).`,
        `PostgreSQL before the runs: what the benchmarks before left it to do, then the seeded audience, vacuumed and analyzed, checkpointed, and no autovacuum worker left busy (${settledBefore.toFixed(0)} s, and ${settledSeeded.toFixed(0)} s after seeding). Autovacuum beside Vigil's send (sampled each second): ${vacuumed.size === 0 ? 'none' : [...vacuumed].map(([what, n]) => `${what} (${n} s)`).join('; ')}.`,
        `Vigil's worker is \`bin/worker.ts\` (NODE_ENV=production) in its own process, timed once its start-up sweeps have ended (the audience is seeded with its regions and its statistics folded, as signing would have left them): pg-boss wakes it, its campaign sender claims rows from the delivery queue in batches of 100 with FOR UPDATE SKIP LOCKED (the next batch while the last is sending), merges each mail (LiquidJS and Markdown once per petition where the names allow, the layout per mail), composes it into one buffer, sends it through the pool of 5 connections (25 rows in hand, one send per connection at a time) and records the results behind the sending (group commit). VIGIL_MAIL_RATE=100000 (no cap); recipients over 100 domains (VIGIL_MAIL_DOMAIN_RATE default 100/s each).`,
        `Worker RSS: ${mib(idleRss)} idle before the send, peak ${mib(peakRss)} (VmHWM and 100 ms samples).`,
        `CPU used: Vigil's worker ${workerCpu.toFixed(1)} s in ${seconds.toFixed(1)} s (${((workerCpu / seconds) * 100).toFixed(0)} % of a core; ${((workerCpu / vigilTotal) * 1000).toFixed(2)} ms a mail), the bench process with the sink ${cpu(sinkCpu)} s; the ceiling's sender ${ceilingBefore.cpuSeconds.toFixed(1)} s and ${ceilingAfter.cpuSeconds.toFixed(1)} s (${((ceilingBefore.cpuSeconds / ceilingBefore.sent) * 1000).toFixed(2)} and ${((ceilingAfter.cpuSeconds / ceilingAfter.sent) * 1000).toFixed(2)} ms a mail), the sink ${cpu(ceilingBefore.sinkCpu)} s and ${cpu(ceilingAfter.sinkCpu)} s; raw nodemailer's sender ${raw.cpuSeconds.toFixed(1)} s (${((raw.cpuSeconds / raw.sent) * 1000).toFixed(2)} ms a mail). The machine has 2 cores: in Vigil's run the worker, PostgreSQL and the sink share them, in the other runs only the sender and the sink.`,
        `The SMTP sink (smtp-server, accepting everything) runs in the bench process on the same machine, as does PostgreSQL.`,
        `Where the worker's time goes (a CPU profile, BENCH_PROFILE=1 at 30,000 recipients, 2026-11-30, after decision 047): the worker is idle 41 % of the run, waiting for the answers of its 5 SMTP connections (the sink and PostgreSQL share the machine's 2 cores with it). Of the rest, about half is nodemailer's SMTP connection: its socket writes (commands, then the mail and the closing dot: 16 % of the run), reading the server's answers, the data stream's dot-stuffing pass over each mail (3 %) and the pool handing a connection on (8 %, with the next mail's writes); composing 10 % (the two text parts' quoted-printable encoding 5 %, the choice of their transfer encoding 1.4 %, the header lines 1 %); the merge and layout 4 %; PostgreSQL's client (claims and records) 6 %; garbage collection 2 %. The ceiling pays the same SMTP connection, plus the per-mail work of nodemailer's Mailer that Vigil skips.`,
      ],
    }
  } finally {
    await stopBoss()
    await sink.close()
  }
}
