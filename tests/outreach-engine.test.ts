/**
 * The outreach delivery job against a real SMTP server, run by the test so
 * that every attempt is observed: a worker that died holding a row leaves
 * it to the next after the lease, two workers never send a copy twice, a
 * letter that no longer renders fails rather than go out with a blank, and
 * temporary failures give up after the retry window. "Time passing" is
 * simulated by moving next_attempt_at or created_at, never by sleeping.
 */
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDueOutreachDeliveries } from '../app/mail/senders/outreach-sender.server'
import { claimDue } from '../app/models/delivery-queue.server'
import { createOfficial, type Official } from '../app/models/official.server'
import { OUTREACH_DELIVERIES } from '../app/models/outreach-delivery.server'
import { getOutreachForOrganization, OutreachInputError } from '../app/models/outreach.server'
import { createOutreach } from '../app/services/outreaches.server'
import { createPetition } from '../app/models/petition.server'
import { db } from '../app/utils/db.server'
import { resetEnvCache } from '../app/utils/env.server'
import { closeTransport } from '../app/mail/transport.server'
import { makePetition } from './helpers/fixtures'
import { makeOrganizer } from './helpers/organizers'
import { startSmtpSink, type SmtpSink } from './helpers/smtp'

const APP_URL = 'http://vigil.test'
const ORG = 'Outreach Engine Org'

let smtp: SmtpSink
let fixture: Awaited<ReturnType<typeof makePetition>>
let userId: string
let officials: Official[]

beforeAll(async () => {
  smtp = await startSmtpSink()
  process.env.SMTP_URL = smtp.url
  process.env.APP_URL = APP_URL
  resetEnvCache()
  closeTransport()
  fixture = await makePetition({ organizationName: ORG })
  userId = (await makeOrganizer({ organizationName: ORG })).user.id
  officials = await Promise.all(
    ['Ada', 'Ben', 'Cy'].map((name) =>
      createOfficial({
        organizationId: fixture.organization.id,
        name: `Board Member ${name}`,
        title: 'Board member',
        email: `${name.toLowerCase()}@board.example`,
      }),
    ),
  )
})

afterAll(async () => {
  closeTransport()
  await smtp?.close()
})

async function outreach(subject: string, body = 'Dear {{ official.name }}', ids?: string[]) {
  return createOutreach({
    organizationId: fixture.organization.id,
    createdBy: userId,
    petitionId: fixture.petition.id,
    officialIds: ids ?? officials.map((o) => o.id),
    subject,
    body,
    attachSignersCsv: false,
    scheduledAt: null,
  })
}

async function view(id: string) {
  return (await getOutreachForOrganization({
    organizationId: fixture.organization.id,
    outreachId: id,
  }))!
}

function address(mail: ParsedMail): string {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to
  return to!.value[0]!.address!
}

const withSubject = (subject: string) => smtp.messages.filter((m) => m.subject === subject)

describe('the outreach delivery job', () => {
  it('resumes the rows of a worker that died mid-send after the lease, sending each once', async () => {
    const o = await outreach('After a crash')
    // A worker claims the rows and dies before sending.
    const claimed = await claimDue(OUTREACH_DELIVERIES, { limit: 10 })
    expect(claimed.rows.filter((r) => r.outreachId === o.id)).toHaveLength(3)
    // Within the lease nobody else takes them.
    await sendDueOutreachDeliveries()
    expect(withSubject('After a crash')).toHaveLength(0)
    expect((await view(o.id)).status).toBe('sending')
    // The lease runs out.
    await db()`update outreach_deliveries set next_attempt_at = now() where outreach_id = ${o.id}`
    await sendDueOutreachDeliveries()
    const after = await view(o.id)
    expect(after.status).toBe('sent')
    expect(after.deliveries.map((d) => [d.status, d.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
      ['sent', 2],
    ])
    expect(withSubject('After a crash').map(address).sort()).toEqual([
      'ada@board.example',
      'ben@board.example',
      'cy@board.example',
    ])
  })

  it('lets two workers share the work without a copy sent twice', async () => {
    const o = await outreach('Two workers')
    const claimed = await Promise.all([sendDueOutreachDeliveries(), sendDueOutreachDeliveries()])
    expect(claimed[0]! + claimed[1]!).toBe(3)
    expect(withSubject('Two workers')).toHaveLength(3)
    expect(new Set(withSubject('Two workers').map(address)).size).toBe(3)
    expect((await view(o.id)).status).toBe('sent')
  })

  it('fails a letter that no longer renders instead of sending a blank', async () => {
    const o = await outreach('Before the date', 'We ask you to act before {{ case.next_date }}.', [
      officials[0]!.id,
    ])
    // The date is taken off the case after the letter was written.
    await db()`update cases set next_date = null where id = ${fixture.case.id}`
    try {
      await sendDueOutreachDeliveries()
    } finally {
      await db()`update cases set next_date = now() + interval '5 days' where id = ${fixture.case.id}`
    }
    const after = await view(o.id)
    expect(after.status).toBe('sent')
    expect(after.deliveries[0]!.status).toBe('failed')
    expect(after.deliveries[0]!.lastError).toMatch(/next_date/)
    expect(withSubject('Before the date')).toHaveLength(0)
  })

  it('keeps retrying temporary failures for 24 hours, then records them as failed', async () => {
    const o = await outreach('Long outage', 'Hello.', [officials[1]!.id])
    smtp.failWith(421)
    try {
      // The window counts from when the copy fell due: the outreach's time.
      const dueHoursAgo = (hours: number) => db()`
        update outreaches set scheduled_at = now() - ${hours} * interval '1 hour'
        where id = ${o.id}`
      await dueHoursAgo(23)
      await sendDueOutreachDeliveries()
      expect((await view(o.id)).deliveries[0]).toMatchObject({ status: 'queued', attempts: 1 })
      await dueHoursAgo(25)
      await db()`update outreach_deliveries set created_at = now() - interval '25 hours',
        next_attempt_at = now() where outreach_id = ${o.id}`
      await sendDueOutreachDeliveries()
    } finally {
      smtp.failWith(null)
    }
    const after = await view(o.id)
    expect(after.status).toBe('sent')
    expect(after.deliveries[0]).toMatchObject({ status: 'failed', attempts: 2 })
    expect(after.deliveries[0]!.lastError).toMatch(/Try again later/)
  })

  it('counts the retry window from the outreach’s time, not from when it was written', async () => {
    // Written on Monday for Thursday: Thursday's first 4xx is retried, not given up.
    const o = await outreach('Written days ahead', 'Hello.', [officials[1]!.id])
    await db()`update outreach_deliveries set created_at = now() - interval '72 hours'
      where outreach_id = ${o.id}`
    await db()`update outreaches set scheduled_at = now() - interval '1 minute' where id = ${o.id}`
    smtp.failWith(421)
    try {
      await sendDueOutreachDeliveries()
    } finally {
      smtp.failWith(null)
    }
    expect((await view(o.id)).deliveries[0]).toMatchObject({ status: 'queued', attempts: 1 })
  })

  it('refuses a draft petition and another organization’s officials', async () => {
    const draft = await createPetition({
      organizationId: fixture.organization.id,
      caseId: fixture.case.id,
      title: 'Not yet published',
      status: 'draft',
    })
    await expect(
      createOutreach({
        organizationId: fixture.organization.id,
        createdBy: userId,
        petitionId: draft.id,
        officialIds: [officials[0]!.id],
        subject: 'Too early',
        body: 'Hello.',
        attachSignersCsv: false,
        scheduledAt: null,
      }),
    ).rejects.toThrow(/Publish the petition/)
    const other = await makePetition({ organizationName: 'Another Engine Org' })
    const error = await outreach('Borrowed', 'Hello.', [other.governor.id]).catch((e) => e)
    expect(error).toBeInstanceOf(OutreachInputError)
    expect((error as OutreachInputError).fields.targets?.[0]).toMatch(/No such official/)
    const [row] = await db()<{ n: number }[]>`
      select count(*)::int as n from outreaches where subject in ('Too early', 'Borrowed')`
    expect(row!.n).toBe(0)
  })
})
