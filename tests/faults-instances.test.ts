/**
 * Vigil grown past one process: two web instances (VIGIL_WORKER=off) and
 * two workers (`npm run worker`), each a process of its own, started at
 * the same moment on one new, empty database. Migrations are applied once;
 * the signing limits hold across both web instances (they live in the
 * database, not in a process); a campaign is sent once, whichever worker
 * claims each row.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { closeTransport } from '../app/mail/transport.server'
import { closeDb, db } from '../app/utils/db.server'
import { resetEnvCache } from '../app/utils/env.server'
import { stopBoss } from '../app/utils/jobs.server'
import { deliveryRows, fannedOutCampaign } from './helpers/campaigns'
import { makePetition, validSignature } from './helpers/fixtures'
import { eventually, freePort, postForm } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'
import { startVigilProcess, type VigilProcess } from './helpers/vigil-process'
import { adminSql, urlForDatabase } from './setup/admin'

const LIMIT = 5
const adminUrl = inject('adminUrl')
const database = `${inject('runPrefix')}fresh_${crypto.randomBytes(4).toString('hex')}`
const admin = adminSql(adminUrl)
let smtp: SmtpSink
let webs: { url: string; process: VigilProcess }[] = []
let workers: VigilProcess[] = []

beforeAll(async () => {
  await admin.unsafe(`create database ${database}`)
  smtp = await startSmtpSink()
  const shared = {
    DATABASE_URL: urlForDatabase(adminUrl, database),
    SMTP_URL: smtp.url,
    VIGIL_SIGN_LIMIT_PER_IP: String(LIMIT),
    VIGIL_MAIL_RATE: '150',
    NODE_ENV: 'test' as const,
  }
  const ports = [await freePort(), await freePort()]
  // All four at once, on a database with no tables yet.
  const started = await Promise.allSettled([
    ...ports.map((port) =>
      startVigilProcess('server', {
        ...shared,
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        VIGIL_WORKER: 'off',
      }),
    ),
    startVigilProcess('worker', shared),
    startVigilProcess('worker', shared),
  ])
  const failed = started.find((s) => s.status === 'rejected')
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') await s.value.stop()
    throw failed.reason
  }
  const [webA, webB, ...both] = started.map(
    (s) => (s as PromiseFulfilledResult<VigilProcess>).value,
  )
  webs = [webA!, webB!].map((p, i) => ({ url: `http://127.0.0.1:${ports[i]}`, process: p }))
  workers = both
  // This test process looks at the same database.
  await stopBoss()
  await closeDb()
  process.env.DATABASE_URL = shared.DATABASE_URL
  process.env.SMTP_URL = smtp.url
  resetEnvCache()
  closeTransport()
}, 180_000)

afterAll(async () => {
  for (const p of [...webs.map((w) => w.process), ...workers]) expect(await p.stop()).toBe(0)
  await stopBoss()
  await closeDb()
  await smtp?.close()
  await admin.unsafe(`drop database if exists ${database} with (force)`)
  await admin.end()
})

describe('two web instances and two workers on one database', () => {
  it('applied every migration once, though all four started on an empty database together', async () => {
    const files = fs.readdirSync('db/migrations').filter((f) => f.endsWith('.sql'))
    const rows = await db()<{ n: number; distinct: number }[]>`
      select count(*)::int as n, count(distinct name)::int as distinct from schema_migrations`
    expect(rows[0]).toEqual({ n: files.length, distinct: files.length })
  })

  it('shares the per-address limit: signatures alternating between the instances are held after it', async () => {
    const { petition } = await makePetition()
    for (let i = 0; i < 12; i++) {
      const web = webs[i % 2]!
      const res = await postForm(`${web.url}/petitions/${petition.slug}`, validSignature())
      expect(res.status).toBe(303)
    }
    const rows = await db()<{ status: string; n: number }[]>`
      select status, count(*)::int as n from signatures
      where petition_id = ${petition.id} group by status order by status`
    expect(rows).toEqual([
      { status: 'held', n: 12 - LIMIT },
      { status: 'pending', n: LIMIT },
    ])
  })

  it('sends a campaign once: 600 recipients, each exactly one mail, whichever worker took the row', async () => {
    const { signers, message } = await fannedOutCampaign({ count: 600, prefix: 'twice' })
    const addresses = new Set(signers.map((s) => s.email))
    await eventually(
      async () =>
        (await deliveryRows(message.id)).every((r) => r.status === 'sent') ? true : undefined,
      { timeoutMs: 120_000, intervalMs: 500 },
    )
    const counts = new Map<string, number>()
    for (const mail of smtp.messages) {
      const to = recipient(mail)
      if (addresses.has(to)) counts.set(to, (counts.get(to) ?? 0) + 1)
    }
    expect(counts.size).toBe(600)
    expect([...counts].filter(([, n]) => n > 1)).toEqual([])
  }, 180_000)
})
