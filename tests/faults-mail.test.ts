/**
 * The SMTP server is down for a while under a running Vigil (server and
 * worker in this process, as `npm start` runs them): signing goes on and is
 * answered at once, confirmations and a campaign wait, and when the server
 * is back every mail goes, once. "A while" passes by moving the retries'
 * times forward (tests/mail-faults.test.ts covers the retry policy itself).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { QUEUES, wake } from '../app/utils/jobs.server'
import { fannedOutCampaign } from './helpers/campaigns'
import { makePetition, validSignature } from './helpers/fixtures'
import { eventually, freePort, postForm, startTestServer, type TestServer } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

let server: TestServer
let smtpPort: number
let smtp: SmtpSink | undefined

beforeAll(async () => {
  smtpPort = await freePort()
  process.env.VIGIL_SIGN_LIMIT_PER_IP = '1000'
  // Nothing listens on the SMTP port yet: the server is down.
  server = await startTestServer({ smtpUrl: `smtp://127.0.0.1:${smtpPort}` })
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
  delete process.env.VIGIL_SIGN_LIMIT_PER_IP
})

async function waiting(table: 'outbound_emails' | 'message_deliveries') {
  const [row] = await db()<{ n: number; tried: number }[]>`
    select count(*)::int as n, count(*) filter (where last_error is not null)::int as tried
    from ${db()(table)} where status in ('queued', 'sending')`
  return row!
}

it('signing goes on while SMTP is down; mail waits, then goes once when it is back', async () => {
  const { petition } = await makePetition()
  const signers = Array.from({ length: 30 }, () => validSignature())
  for (const fields of signers) {
    const res = await postForm(`${server.url}/petitions/${petition.slug}`, fields)
    expect(res.status).toBe(303)
  }
  const campaign = await fannedOutCampaign({ count: 100, prefix: 'outage' })
  await wake(QUEUES.campaignDelivery)

  // The worker tried, failed for now, and keeps every row for later.
  await eventually(
    async () => {
      const [mail, deliveries] = [
        await waiting('outbound_emails'),
        await waiting('message_deliveries'),
      ]
      return mail.tried >= 30 && deliveries.tried > 0 ? true : undefined
    },
    { timeoutMs: 60_000 },
  )
  expect((await waiting('outbound_emails')).n).toBe(30)
  expect((await waiting('message_deliveries')).n).toBe(100)
  const [failed] = await db()<{ n: number }[]>`
    select (select count(*)::int from outbound_emails where status = 'failed')
      + (select count(*)::int from message_deliveries where status = 'failed') as n`
  expect(failed!.n).toBe(0)

  // The server is back; time passes for the retries.
  const sink = (smtp = await startSmtpSink({ port: smtpPort }))
  const expected = new Set([
    ...signers.map((s) => s.email!),
    ...campaign.signers.map((s) => s.email),
  ])
  await eventually(
    async () => {
      await db()`update outbound_emails set next_attempt_at = now() where status = 'queued'`
      await db()`update message_deliveries set next_attempt_at = now() where status = 'queued'`
      await wake(QUEUES.mailOutbound)
      await wake(QUEUES.campaignDelivery)
      const got = new Set(sink.messages.map(recipient).filter((to) => expected.has(to)))
      return got.size === expected.size ? true : undefined
    },
    { timeoutMs: 90_000, intervalMs: 1_000 },
  )
  const counts = new Map<string, number>()
  for (const to of sink.messages.map(recipient))
    if (expected.has(to)) counts.set(to, (counts.get(to) ?? 0) + 1)
  expect(counts.size).toBe(130)
  expect([...counts].filter(([, n]) => n > 1)).toEqual([])
}, 180_000)
