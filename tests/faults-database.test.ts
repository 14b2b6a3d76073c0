/**
 * The database goes away under a crowd of signers: its connections are
 * ended (as a failover or an administrator would), then the server stops
 * and starts again. Vigil (server and worker in this process, as `npm
 * start` runs them) is not restarted. Every signature answered `303` is
 * stored and gets its confirmation, once; /healthz says 503 while the
 * database is away and 200 once it is back. The server is this file's own
 * (tests/helpers/own-postgres.ts), never the shared one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sendDueMail } from '../app/mail/senders/transactional-sender.server'
import { db, retryOnConnectionLoss } from '../app/utils/db.server'
import { stopBoss } from '../app/utils/jobs.server'
import { makePetition, validSignature } from './helpers/fixtures'
import { startOwnPostgres, type OwnPostgres } from './helpers/own-postgres'
import { eventually, postForm, startTestServer, type TestServer } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

let own: OwnPostgres
let smtp: SmtpSink
let server: TestServer

beforeAll(async () => {
  own = await startOwnPostgres()
  smtp = await startSmtpSink()
  // The crowd signs from one address: not a flood to hold here.
  process.env.VIGIL_SIGN_LIMIT_PER_IP = '1000000'
  process.env.VIGIL_SIGN_LIMIT_PER_DOMAIN = '1000000'
  server = await startTestServer({ smtpUrl: smtp.url })
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
  await own?.close()
  delete process.env.VIGIL_SIGN_LIMIT_PER_IP
  delete process.env.VIGIL_SIGN_LIMIT_PER_DOMAIN
})

const health = async () => (await fetch(`${server.url}/healthz`)).status

it('keeps every 303 through cut connections and a restart, says 503 while away, and recovers by itself', async () => {
  const { petition } = await makePetition()
  const answers: { email: string; status: number }[] = []
  let signing = true
  const signer = async () => {
    while (signing) {
      const fields = validSignature()
      let status = 0
      try {
        const res = await postForm(`${server.url}/petitions/${petition.slug}`, fields)
        status = res.status
        await res.arrayBuffer()
      } catch {
        status = -1 // no answer at all
      }
      answers.push({ email: fields.email!, status })
    }
  }
  const crowd = Array.from({ length: 4 }, signer)
  const answered = (n: number) =>
    eventually(async () => (answers.length >= n ? true : undefined), { timeoutMs: 90_000 })

  await answered(20)
  for (let i = 0; i < 3; i++) {
    expect(await own.terminatePool()).toBeGreaterThan(0)
    await answered(answers.length + 10)
  }

  await own.stop()
  expect(await health()).toBe(503)
  const beforeRestart = answers.length
  await own.start()
  await eventually(async () => ((await health()) === 200 ? true : undefined), {
    timeoutMs: 30_000,
  })
  await answered(beforeRestart + 20)
  signing = false
  await Promise.all(crowd)

  // Every signer was answered 303 (a short outage is waited out, not an error) …
  expect(answers.filter((a) => a.status !== 303)).toEqual([])
  // … and every 303 is stored, once.
  const stored = await db()<{ email: string }[]>`
    select email from signatures where petition_id = ${petition.id} and status = 'pending'`
  expect(stored.map((s) => s.email).sort()).toEqual(answers.map((a) => a.email).sort())

  // Every one of them gets its confirmation, exactly once. The worker stops
  // first; then "time passes" for claims lost with their connection.
  await stopBoss()
  for (let run = 0; run < 10; run++) {
    await sendDueMail()
    const left = await retryOnConnectionLoss(
      () => db()`
        update outbound_emails set next_attempt_at = now()
        where status in ('queued', 'sending')`,
    )
    if (left.count === 0) break
  }
  const mine = new Set(answers.map((a) => a.email.toLowerCase()))
  const counts = new Map<string, number>()
  for (const mail of smtp.messages) {
    const to = recipient(mail).toLowerCase()
    if (mine.has(to)) counts.set(to, (counts.get(to) ?? 0) + 1)
  }
  expect(counts.size).toBe(answers.length)
  expect([...counts].filter(([, n]) => n > 1)).toEqual([])
}, 240_000)
