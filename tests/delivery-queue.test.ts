/**
 * The delivery queue's promises that hold for every kind: a lease outlasts
 * the longest send its transport can make, and a worker that stops gives
 * back the rows it claimed and did not send, so no one waits out a lease
 * for mail that never left.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sendDueDeliveries } from '../app/mail/senders/campaign-sender.server'
import { SEND_MARGIN_MS } from '../app/mail/senders/pipeline.server'
import { closeTransport, WORST_CASE_SEND_MS } from '../app/mail/transport.server'
import { DELIVERY_TABLES } from '../app/models/delivery-queue.server'
import { LETTER_DIGESTS } from '../app/models/letter-digest-delivery.server'
import { CAMPAIGN_DELIVERIES } from '../app/models/message-delivery.server'
import { OUTBOUND_EMAILS } from '../app/models/outbound-email.server'
import { OUTREACH_DELIVERIES } from '../app/models/outreach-delivery.server'
import { WEBHOOK_DELIVERIES } from '../app/models/webhook.server'
import { resetEnvCache } from '../app/utils/env.server'
import { deliveryRows, fannedOutCampaign } from './helpers/campaigns'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

const KINDS = [
  OUTBOUND_EMAILS,
  CAMPAIGN_DELIVERIES,
  OUTREACH_DELIVERIES,
  LETTER_DIGESTS,
  WEBHOOK_DELIVERIES,
]

let smtp: SmtpSink

beforeAll(async () => {
  smtp = await startSmtpSink()
  process.env.SMTP_URL = smtp.url
  process.env.APP_URL = 'http://vigil.test'
  resetEnvCache()
  closeTransport()
})

afterAll(async () => {
  closeTransport()
  await smtp?.close()
})

it('leases every kind for longer than its transport’s longest send', () => {
  // Every delivery table has its kind here.
  expect(KINDS.map((kind) => kind.table).sort()).toEqual([...DELIVERY_TABLES].sort())
  expect(WORST_CASE_SEND_MS).toBe(50_000)
  for (const kind of KINDS) {
    expect(kind.leaseSeconds * 1000, kind.table).toBeGreaterThan(WORST_CASE_SEND_MS)
    // And leaves time to start sends and to write their records.
    expect(kind.leaseSeconds * 1000, kind.table).toBeGreaterThan(SEND_MARGIN_MS)
  }
  // A dead worker's campaign rows are someone else's within a minute.
  expect(CAMPAIGN_DELIVERIES.leaseSeconds).toBeLessThanOrEqual(60)
})

it('gives back, on stopping, the rows a worker claimed and did not send', async () => {
  const { signers, message } = await fannedOutCampaign({ count: 300 })
  process.env.VIGIL_MAIL_RATE = '100'
  resetEnvCache()
  try {
    const stopping = new AbortController()
    const running = sendDueDeliveries({ signal: stopping.signal })
    await smtp.waitFor(20)
    stopping.abort()
    await running
  } finally {
    delete process.env.VIGIL_MAIL_RATE
    resetEnvCache()
  }
  const rows = await deliveryRows(message.id)
  const sent = rows.filter((r) => r.status === 'sent')
  const queued = rows.filter((r) => r.status === 'queued')
  // Nothing held: what went out is recorded, the rest is anyone's now, its attempt not counted.
  expect(rows.filter((r) => r.status === 'sending')).toEqual([])
  expect(sent.length).toBe(smtp.messages.length)
  expect(sent.length).toBeLessThan(300)
  expect(queued.length).toBe(300 - sent.length)
  for (const row of queued) {
    expect(row.secondsToNext).toBeLessThanOrEqual(0)
    expect(row.attempts).toBe(0)
  }
  const mailed = new Set(smtp.messages.map(recipient))
  expect(signers.filter((s) => mailed.has(s.email))).toHaveLength(sent.length)
})
