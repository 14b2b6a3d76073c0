/**
 * The delivery engine against a real SMTP server, with the jobs run by the
 * test so that every attempt is observed: temporary failures retried with
 * backoff until delivered once, permanent ones recorded, unsubscribed and
 * suppressed people skipped, cancel stopping a sending message, schedules,
 * and two workers sharing one campaign. "Time passing" is simulated by
 * moving next_attempt_at (or scheduled_at), never by sleeping.
 */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fanOutCampaignsJob } from '../app/jobs/campaign-fanout.server'
import {
  cancelMessage,
  getMessageForOrganization,
  getMessageStatistics,
  MessageStateError,
  UnknownPetitionsError,
} from '../app/models/message.server'
import {
  createCampaign,
  previewCampaign,
  sendCampaign,
  sendTestCampaign,
} from '../app/services/campaigns.server'
import { unsubscribeSupporter } from '../app/models/supporter.server'
import { db } from '../app/utils/db.server'
import { resetEnvCache } from '../app/utils/env.server'
import { QUEUES, wakeAt } from '../app/utils/jobs.server'
import { closeTransport } from '../app/mail/transport.server'
import { sendDueDeliveries } from '../app/mail/senders/campaign-sender.server'
import { TemplateError } from '../app/mail/templates.server'
import { deliveryRows, seedSigners, timePasses } from './helpers/campaigns'
import { makePetition } from './helpers/fixtures'
import { makeOrganizer } from './helpers/organizers'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

const APP_URL = 'http://vigil.test'
const ORG = 'Engine Test Org'
/** A lease short enough to run out while a slow relay holds its batch. */
const SHORT_LEASE = { leaseSeconds: 3, sendMarginMs: 1_000 }

let smtp: SmtpSink
let organizationId: string
let userId: string
let userEmail: string
let petitionId: string

beforeAll(async () => {
  smtp = await startSmtpSink()
  process.env.SMTP_URL = smtp.url
  process.env.APP_URL = APP_URL
  delete process.env.VIGIL_MAIL_RATE
  resetEnvCache()
  closeTransport()
  const fixture = await makePetition({ organizationName: ORG })
  const organizer = await makeOrganizer({ organizationName: ORG })
  organizationId = fixture.organization.id
  userId = organizer.user.id
  userEmail = organizer.user.email
  petitionId = fixture.petition.id
})

afterAll(async () => {
  closeTransport()
  await smtp?.close()
})

async function draft(petitionIds = [petitionId], body = 'Dear {{ supporter.first_name }}') {
  return createCampaign({
    organizationId,
    createdBy: userId,
    subject: 'News about {{ case.person_name }}',
    body,
    petitionIds,
  })
}

/** A message sent now and fanned out; returns its id. */
async function campaignTo(petitionIds = [petitionId]): Promise<string> {
  const message = await draft(petitionIds)
  await sendCampaign({ organizationId, messageId: message.id, scheduledAt: null })
  await fanOutCampaignsJob()
  return message.id
}

function mailsTo(emails: string[]) {
  const wanted = new Set(emails)
  return smtp.messages.filter((m) => wanted.has(recipient(m)))
}

async function status(messageId: string) {
  return (await getMessageForOrganization({ organizationId, messageId }))!.status
}

describe('the delivery engine', () => {
  it('retries 451 with growing delays (first within 30 s) and delivers each exactly once on 250', async () => {
    const signers = await seedSigners({ organizationId, petitionId, count: 12 })
    const emails = signers.map((s) => s.email)
    // Only these signers: a petition of their own.
    const { petition } = await makePetition({ organizationName: ORG })
    await db()`update signatures set petition_id = ${petition.id}
      where supporter_id = any(${signers.map((s) => s.supporterId)}::uuid[])`
    const messageId = await campaignTo([petition.id])

    smtp.failWith(451)
    await sendDueDeliveries()
    const first = await deliveryRows(messageId)
    expect(first).toHaveLength(12)
    for (const row of first) {
      expect(row.status).toBe('queued')
      expect(row.attempts).toBe(1)
      expect(row.lastError).toMatch(/Try again later/)
      expect(row.secondsToNext).toBeGreaterThan(0)
      expect(row.secondsToNext).toBeLessThanOrEqual(30)
    }
    await timePasses(messageId)
    await sendDueDeliveries()
    const second = await deliveryRows(messageId)
    expect(second.every((r) => r.status === 'queued' && r.attempts === 2)).toBe(true)
    expect(second[0]!.secondsToNext).toBeGreaterThan(first[0]!.secondsToNext)
    expect(await status(messageId)).toBe('sending')

    smtp.failWith(null)
    await timePasses(messageId)
    await sendDueDeliveries()
    await sendDueDeliveries()
    const rows = await deliveryRows(messageId)
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 3)).toBe(true)
    const mails = mailsTo(emails)
    expect(mails).toHaveLength(12)
    expect(new Set(mails.map(recipient)).size).toBe(12)
    expect(await status(messageId)).toBe('sent')
    expect(await getMessageStatistics(messageId)).toMatchObject({
      totalTargeted: 12,
      sent: 12,
      failed: 0,
      unsubscribed: 0,
    })
  })

  it('keeps retrying temporary failures for 24 hours, then records them as failed', async () => {
    const { petition } = await makePetition({ organizationName: ORG })
    await seedSigners({ organizationId, petitionId: petition.id, count: 2 })
    const messageId = await campaignTo([petition.id])
    smtp.failWith(451)
    try {
      // 23 hours in: still retried.
      await db()`update message_deliveries set created_at = now() - interval '23 hours'
        where message_id = ${messageId}`
      await sendDueDeliveries()
      expect((await deliveryRows(messageId)).map((r) => r.status)).toEqual(['queued', 'queued'])
      // Past the window: given up, with the reason.
      await db()`update message_deliveries set created_at = now() - interval '25 hours'
        where message_id = ${messageId}`
      await timePasses(messageId)
      await sendDueDeliveries()
      const rows = await deliveryRows(messageId)
      expect(rows.map((r) => r.status)).toEqual(['failed', 'failed'])
      expect(rows[0]!.lastError).toMatch(/Try again later/)
    } finally {
      smtp.failWith(null)
    }
    expect(await status(messageId)).toBe('sent')
    expect(await getMessageStatistics(messageId)).toMatchObject({ sent: 0, failed: 2 })
  })

  it('records 550 as a failure without retrying, and suppresses the address for later campaigns', async () => {
    const { petition } = await makePetition({ organizationName: ORG })
    const [signer] = await seedSigners({ organizationId, petitionId: petition.id, count: 1 })
    const messageId = await campaignTo([petition.id])
    smtp.failWith(550)
    try {
      await sendDueDeliveries()
    } finally {
      smtp.failWith(null)
    }
    const [row] = await deliveryRows(messageId)
    expect(row!.status).toBe('failed')
    expect(row!.attempts).toBe(1)
    expect(row!.lastError).toMatch(/Mailbox unavailable/)
    await timePasses(messageId)
    await sendDueDeliveries()
    expect((await deliveryRows(messageId))[0]!.attempts).toBe(1)
    expect(mailsTo([signer!.email])).toHaveLength(0)
    expect(await getMessageStatistics(messageId)).toMatchObject({
      totalTargeted: 1,
      sent: 0,
      failed: 1,
    })
    const [suppression] = await db()<{ reason: string }[]>`
      select reason from suppressions where email_canonical = ${signer!.email.toLowerCase()}`
    expect(suppression?.reason).toBe('bounce')
    // The next campaign leaves the bounced address out.
    const next = await campaignTo([petition.id])
    expect(await deliveryRows(next)).toHaveLength(0)
    await sendDueDeliveries()
    expect(await status(next)).toBe('sent')
  })

  it('skips a signer who unsubscribed after the fan-out, and counts them as unsubscribed', async () => {
    const { petition } = await makePetition({ organizationName: ORG })
    const signers = await seedSigners({ organizationId, petitionId: petition.id, count: 3 })
    const messageId = await campaignTo([petition.id])
    await unsubscribeSupporter(signers[0]!.unsubscribeToken)
    await sendDueDeliveries()
    const rows = await deliveryRows(messageId)
    const skipped = rows.find((r) => r.supporterId === signers[0]!.supporterId)!
    expect(skipped.status).toBe('skipped')
    expect(skipped.lastError).toBe('unsubscribed')
    expect(mailsTo([signers[0]!.email])).toHaveLength(0)
    expect(mailsTo(signers.slice(1).map((s) => s.email))).toHaveLength(2)
    expect(await getMessageStatistics(messageId)).toMatchObject({
      totalTargeted: 3,
      sent: 2,
      failed: 0,
      skipped: 1,
      unsubscribed: 1,
    })
    // The statistics add up: every targeted row is in exactly one state.
    const stats = await getMessageStatistics(messageId)
    expect(stats.sent + stats.failed + stats.skipped + stats.cancelled + stats.queued).toBe(
      stats.totalTargeted,
    )
    // And the next campaign leaves them out altogether.
    const next = await campaignTo([petition.id])
    expect((await deliveryRows(next)).map((r) => r.supporterId)).not.toContain(
      signers[0]!.supporterId,
    )
    await sendDueDeliveries()
  })

  it('cancel stops a sending message: claims stop, unsent rows become cancelled', async () => {
    const { petition } = await makePetition({ organizationName: ORG })
    const signers = await seedSigners({ organizationId, petitionId: petition.id, count: 200 })
    const emails = signers.map((s) => s.email)
    process.env.VIGIL_MAIL_RATE = '40'
    resetEnvCache()
    try {
      const messageId = await campaignTo([petition.id])
      const running = sendDueDeliveries()
      while (mailsTo(emails).length < 15) await new Promise((r) => setTimeout(r, 20))
      const cancelled = await cancelMessage({ organizationId, messageId })
      expect(cancelled!.status).toBe('cancelled')
      const atCancel = mailsTo(emails).length
      await running
      await timePasses(messageId)
      await sendDueDeliveries()
      const received = mailsTo(emails).length
      // At most what was in flight, and what the 1-second status check lets through.
      expect(received - atCancel).toBeLessThanOrEqual(10 + 40)
      expect(received).toBeLessThan(150)
      const stats = await getMessageStatistics(messageId)
      expect(stats.sent).toBe(received)
      expect(stats.sent + stats.cancelled).toBe(200)
      expect(stats.queued).toBe(0)
      expect(await status(messageId)).toBe('cancelled')
      await expect(
        sendCampaign({ organizationId, messageId, scheduledAt: null }),
      ).rejects.toBeInstanceOf(MessageStateError)
    } finally {
      delete process.env.VIGIL_MAIL_RATE
      resetEnvCache()
    }
  })

  it('scheduled_at holds the fan-out until its time; cancelling a scheduled message prevents it', async () => {
    const { petition } = await makePetition({ organizationName: ORG })
    const signers = await seedSigners({ organizationId, petitionId: petition.id, count: 2 })
    const inAnHour = new Date(Date.now() + 3_600_000)
    const later = await draft([petition.id])
    const scheduled = await sendCampaign({
      organizationId,
      messageId: later.id,
      scheduledAt: inAnHour,
    })
    expect(scheduled!.status).toBe('scheduled')
    await wakeAt(QUEUES.campaignFanout, inAnHour)
    const [job] = await db()<{ startAfter: Date }[]>`
      select start_after from pgboss.job where name = 'campaign.fanout' and state = 'created'
        and start_after > now() + interval '50 minutes'`
    expect(Math.abs(job!.startAfter.getTime() - inAnHour.getTime())).toBeLessThan(1000)

    const cancelledOne = await draft([petition.id])
    await sendCampaign({
      organizationId,
      messageId: cancelledOne.id,
      scheduledAt: inAnHour,
    })
    await cancelMessage({ organizationId, messageId: cancelledOne.id })

    await fanOutCampaignsJob()
    expect(await deliveryRows(later.id)).toHaveLength(0)
    // The hour passes.
    await db()`update messages set scheduled_at = now() where id in (${later.id}, ${cancelledOne.id})`
    await fanOutCampaignsJob()
    expect(await deliveryRows(later.id)).toHaveLength(2)
    expect(await deliveryRows(cancelledOne.id)).toHaveLength(0)
    expect(await status(cancelledOne.id)).toBe('cancelled')
    await sendDueDeliveries()
    expect(mailsTo(signers.map((s) => s.email))).toHaveLength(2)
    expect(await status(later.id)).toBe('sent')
    await expect(cancelMessage({ organizationId, messageId: later.id })).rejects.toBeInstanceOf(
      MessageStateError,
    )
  })

  it('paces each recipient domain at VIGIL_MAIL_DOMAIN_RATE without holding up the others', async () => {
    const { petition } = await makePetition({ organizationName: ORG })
    const busy = await seedSigners({
      organizationId,
      petitionId: petition.id,
      count: 20,
      domain: 'busy-provider.example',
    })
    const others = await seedSigners({ organizationId, petitionId: petition.id, count: 20 })
    process.env.VIGIL_MAIL_DOMAIN_RATE = '10'
    resetEnvCache()
    try {
      const before = smtp.messages.length
      const messageId = await campaignTo([petition.id])
      const started = Date.now()
      await sendDueDeliveries()
      const elapsed = Date.now() - started
      const received = smtp.messages.slice(before).map(recipient)
      expect(received.sort()).toEqual([...busy, ...others].map((s) => s.email).sort())
      // 20 to one domain at 10 a second: at least 19 gaps of 100 ms.
      expect(elapsed).toBeGreaterThanOrEqual(1800)
      // The other domains' mail was not queued behind the busy one: the tail is all busy.
      const order = smtp.messages.slice(before).map(recipient)
      const lastOther = Math.max(...others.map((s) => order.indexOf(s.email)))
      expect(lastOther).toBeLessThan(order.length - 10)
      expect(await status(messageId)).toBe('sent')
    } finally {
      delete process.env.VIGIL_MAIL_DOMAIN_RATE
      resetEnvCache()
    }
  })

  it('gives back rows whose lease runs short while a slow server holds them: each sent once', async () => {
    // A relay that takes 700 ms per message: with a 3 s lease (of which a send
    // must find 1 s left to start), the rows at the back of the batch would
    // outlive their claim before their turn.
    const slow = new SMTPServer({
      disableReverseLookup: true,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 50,
      onData(stream, session, callback) {
        stream.resume()
        stream.on('end', () => {
          for (const r of session.envelope.rcptTo) slowReceived.push(r.address)
          setTimeout(() => callback(), 700)
        })
      },
    })
    const slowReceived: string[] = []
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', () => resolve()))
    const port = (slow.server.address() as AddressInfo).port
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`
    resetEnvCache()
    closeTransport()
    try {
      const { petition } = await makePetition({ organizationName: ORG })
      const signers = await seedSigners({ organizationId, petitionId: petition.id, count: 40 })
      const messageId = await campaignTo([petition.id])
      await sendDueDeliveries(SHORT_LEASE)
      const released = (await deliveryRows(messageId)).filter((r) => r.status === 'queued')
      expect(released.length).toBeGreaterThan(0)
      // Later runs send what was given back; nobody gets it twice.
      for (let i = 0; i < 10 && (await status(messageId)) !== 'sent'; i++) {
        await timePasses(messageId)
        await sendDueDeliveries(SHORT_LEASE)
      }
      expect(await status(messageId)).toBe('sent')
      expect([...slowReceived].sort()).toEqual(signers.map((s) => s.email).sort())
    } finally {
      closeTransport()
      await new Promise<void>((resolve) => slow.close(() => resolve()))
      process.env.SMTP_URL = smtp.url
      resetEnvCache()
    }
  })

  it('two workers share one campaign through PostgreSQL: each signer exactly once', async () => {
    const { petition } = await makePetition({ organizationName: ORG })
    const signers = await seedSigners({ organizationId, petitionId: petition.id, count: 300 })
    const messageId = await campaignTo([petition.id])
    const [a, b] = await Promise.all([sendDueDeliveries(), sendDueDeliveries()])
    // The two sweeps sent the campaign between them (and any row an earlier test left due).
    expect(a + b).toBeGreaterThanOrEqual(300)
    const rows = await deliveryRows(messageId)
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(300)
    // The sink parses each mail after accepting it: wait for the last, then count.
    const emails = signers.map((s) => s.email)
    await smtp.waitForMail(() => mailsTo(emails).length >= 300)
    const mails = mailsTo(emails)
    expect(mails).toHaveLength(300)
    expect(new Set(mails.map(recipient)).size).toBe(300)
    expect(await status(messageId)).toBe('sent')
  })

  it('checks templates and targets at save: unknown names and other organizations’ petitions', async () => {
    await expect(draft([petitionId], 'Hi {{ supporter.nickname }}')).rejects.toBeInstanceOf(
      TemplateError,
    )
    const other = await makePetition({ organizationName: 'Another Org' })
    await expect(draft([other.petition.id])).rejects.toBeInstanceOf(UnknownPetitionsError)
  })

  it('previews with real data (the latest subscribed signer) and sends the organizer a test copy', async () => {
    const { petition, case: kase } = await makePetition({ organizationName: ORG })
    await seedSigners({
      organizationId,
      petitionId: petition.id,
      count: 2,
      signedAt: new Date(Date.now() - 60_000),
    })
    const [latest] = await seedSigners({ organizationId, petitionId: petition.id, count: 1 })
    const preview = await previewCampaign({
      organizationId,
      subject: 'For {{ supporter.first_name }}: {{ case.person_name }}',
      body: '**{{ petition.title }}** needs you, {{ supporter.name }}.',
      petitionIds: [petition.id],
    })
    expect(preview.supporterName).toBe(latest!.name)
    expect(preview.subject).toBe(`For ${latest!.name.split(' ')[0]}: ${kase.personName}`)
    expect(preview.html).toContain(`<strong>${petition.title}</strong> needs you`)
    expect(preview.text).toContain(`needs you, ${latest!.name}.`)
    await expect(
      previewCampaign({
        organizationId,
        subject: 'x',
        body: '{{ case.days_to_go }}',
        petitionIds: [petition.id],
      }),
    ).rejects.toBeInstanceOf(TemplateError)

    const message = await draft([petition.id])
    const before = smtp.messages.length
    await sendTestCampaign({
      organizationId,
      messageId: message.id,
      to: userEmail,
    })
    const [test] = await smtp.waitFor(before + 1).then((all) => all.slice(before))
    expect(recipient(test!)).toBe(userEmail)
    expect(test!.subject).toBe(`[Test] News about ${kase.personName}`)
    // A test copy is not a campaign: nothing is queued or counted.
    expect(await status(message.id)).toBe('draft')
    expect(await deliveryRows(message.id)).toHaveLength(0)
  })
})
