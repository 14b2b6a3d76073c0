/**
 * A worker killed mid-campaign (SIGKILL, in a child process) loses nothing:
 * its claimed rows carry a lease of at most a minute, after which another
 * worker takes them over, and nobody gets the message twice except those
 * whose mail was in flight at the moment of the kill.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { MAX_REPEATS_AT_CRASH } from '../app/mail/senders/campaign-sender.server'
import { getMessageForOrganization } from '../app/models/message.server'
import { db } from '../app/utils/db.server'
import { resetEnvCache } from '../app/utils/env.server'
import { closeTransport } from '../app/mail/transport.server'
import { deliveryRows, fannedOutCampaign, timePasses } from './helpers/campaigns'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

const APP_URL = 'http://vigil.test'
let smtp: SmtpSink

beforeAll(async () => {
  smtp = await startSmtpSink()
  process.env.SMTP_URL = smtp.url
  process.env.APP_URL = APP_URL
  resetEnvCache()
  closeTransport()
})

afterAll(async () => {
  await smtp?.close()
})

function startWorker(rate: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/campaign-worker.ts'], {
    env: { ...process.env, VIGIL_MAIL_RATE: rate },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited }
}

it('a worker killed mid-campaign loses nothing and repeats only what was in flight', async () => {
  const { organization, signers, message } = await fannedOutCampaign({ count: 1000 })

  // A slow worker, killed without warning once some mail is out.
  const first = startWorker('100')
  const deadline = Date.now() + 60_000
  while (smtp.messages.length < 150 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20))
  }
  first.child.kill('SIGKILL')
  expect(await first.exited).toBeNull()
  // What the server had already accepted lands in the sink.
  await new Promise((r) => setTimeout(r, 300))

  const atKill = await deliveryRows(message.id)
  const inFlight = atKill.filter((r) => r.status === 'sending')
  const sentAtKill = atKill.filter((r) => r.status === 'sent').length
  expect(sentAtKill).toBeGreaterThan(0)
  expect(sentAtKill).toBeLessThan(1000)
  expect(inFlight.length).toBeGreaterThan(0)
  // The dead worker's rows are leased for at most a minute, then anyone's.
  for (const row of inFlight) expect(row.secondsToNext).toBeLessThanOrEqual(60)
  expect(atKill.filter((r) => r.status === 'queued').length).toBeGreaterThan(0)
  // And the dead worker left a wake-up for just after its lease, so that another
  // worker takes over within a minute even if none is awake.
  const [wakeUp] = await db()<{ seconds: number }[]>`
    select extract(epoch from min(start_after) - now())::float8 as seconds from pgboss.job
    where name = 'campaign.delivery' and state = 'created' and start_after > now()`
  expect(wakeUp!.seconds).toBeGreaterThan(0)
  expect(wakeUp!.seconds).toBeLessThanOrEqual(60)

  // The lease runs out (simulated), and another worker finishes the campaign.
  await timePasses(message.id)
  const second = startWorker('1000')
  expect(await second.exited).toBe(0)

  const rows = await deliveryRows(message.id)
  expect(rows.every((r) => r.status === 'sent')).toBe(true)
  const counts = new Map<string, number>()
  for (const mail of smtp.messages)
    counts.set(recipient(mail), (counts.get(recipient(mail)) ?? 0) + 1)
  // Nothing lost: every signer has the message.
  for (const signer of signers) expect(counts.get(signer.email) ?? 0).toBeGreaterThanOrEqual(1)
  // Repeats only among the rows that were in flight at the kill.
  const inFlightAddresses = new Set(inFlight.map((r) => r.toAddress))
  const repeated = [...counts].filter(([, n]) => n > 1).map(([address]) => address)
  for (const address of repeated) expect(inFlightAddresses.has(address)).toBe(true)
  // At most the sends a worker has in flight and the records it has not yet written.
  expect(repeated.length).toBeLessThanOrEqual(MAX_REPEATS_AT_CRASH)
  expect(smtp.messages.length).toBe(1000 + repeated.length)
  const done = await getMessageForOrganization({
    organizationId: organization.id,
    messageId: message.id,
  })
  expect(done!.status).toBe('sent')
}, 180_000)
