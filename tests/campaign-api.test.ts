/**
 * Campaigns to signers end to end, as an organizer's script meets them: the
 * real server with its worker, the JSON API, and a real SMTP server. A
 * campaign to 1,000 confirmed, subscribed signers arrives exactly once
 * each, with the right merge fields and unsubscribe headers; a one-click
 * unsubscribe shows in the statistics and keeps that signer out of the
 * next campaign; strict merge fields and state conflicts get the
 * contract's errors.
 */
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { daysLeft, formatDate } from '../app/utils/time'
import { callApi, makeApiOrganization } from './helpers/api'
import { addSignatures, seedSigners, type SeededSigner } from './helpers/campaigns'
import { makePetition } from './helpers/fixtures'
import { eventually, startTestServer, type TestServer } from './helpers/server'
import { rawHeader, recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

type Org = Awaited<ReturnType<typeof makeApiOrganization>>

let server: TestServer
let smtp: SmtpSink
let org: Org
let signers: SeededSigner[]
let second: Awaited<ReturnType<typeof makePetition>>
const HOOK_SECRET = 'relay-secret-for-tests-0123456789'

const SUBJECT =
  '{{ supporter.first_name }}, {{ case.days_left }} days left for {{ case.person_name }}'
const BODY = `Dear {{ supporter.name }},

**{{ petition.title }}** has {{ petition.total_signatures }} of {{ petition.goal }} signatures: {{ petition.url }}

{{ official.title }} {{ official.name }} decides by {{ case.next_date }} ({{ case.status }}).

{{ organization.name }}`

beforeAll(async () => {
  smtp = await startSmtpSink()
  process.env.VIGIL_MAIL_EVENTS_SECRET = HOOK_SECRET
  server = await startTestServer({ smtpUrl: smtp.url })
  org = await makeApiOrganization('Campaign API Org')
  const { organization, petition } = org
  // Signed an hour ago; 50 of them sign a second target petition later.
  signers = await seedSigners({
    organizationId: organization.id,
    petitionId: petition.id,
    count: 1000,
    signedAt: new Date(Date.now() - 3_600_000),
  })
  second = await makePetition({ organizationName: organization.name })
  await addSignatures({
    petitionId: second.petition.id,
    supporterIds: signers.slice(0, 50).map((s) => s.supporterId),
  })
  // Not in the audience: unconfirmed, and confirmed without the subscribe box.
  await seedSigners({
    organizationId: organization.id,
    petitionId: petition.id,
    count: 20,
    status: 'pending',
  })
  await seedSigners({
    organizationId: organization.id,
    petitionId: petition.id,
    count: 20,
    subscribe: false,
  })
}, 120_000)

afterAll(async () => {
  delete process.env.VIGIL_MAIL_EVENTS_SECRET
  await server?.close()
  await smtp?.close()
})

function api(method: string, path: string, body?: unknown) {
  return callApi(server.url, method, `/api/v1${path}`, { token: org.token, body })
}

async function createAndSend(targets: string[]): Promise<string> {
  const created = await api('POST', '/messages', {
    subject: SUBJECT,
    body: BODY,
    targets: targets.map((petition_id) => ({ petition_id })),
  })
  expect(created.status).toBe(201)
  expect(created.body).toMatchObject({ status: 'draft', identifiers: [`vigil:${created.body.id}`] })
  const sent = await api('POST', `/messages/${created.body.id}/send`)
  expect(sent.status).toBe(200)
  expect(sent.body.status).toBe('sending')
  return created.body.id
}

async function untilSent(id: string) {
  return eventually(
    async () => {
      const res = await api('GET', `/messages/${id}`)
      return res.body.status === 'sent' ? res.body : undefined
    },
    { timeoutMs: 90_000, intervalMs: 250 },
  )
}

function mailsFor(emails: Set<string>, since = 0): ParsedMail[] {
  return smtp.messages.slice(since).filter((m) => emails.has(recipient(m)))
}

describe('campaigns to signers over the API', () => {
  let firstId: string
  const emails = () => new Set(signers.map((s) => s.email))

  it('delivers a campaign to 1,000 signers exactly once each, merged and with unsubscribe headers', async () => {
    firstId = await createAndSend([org.petition.id, second.petition.id])
    const done = await untilSent(firstId)
    expect(done.statistics).toMatchObject({
      total_targeted: 1000,
      sent: 1000,
      failed: 0,
      unsubscribed: 0,
    })
    await new Promise((r) => setTimeout(r, 300))
    const mails = mailsFor(emails())
    expect(mails).toHaveLength(1000)
    expect(new Set(mails.map(recipient)).size).toBe(1000)

    const bySigner = new Map(signers.map((s) => [s.email, s]))
    const nextDate = org.case.nextDate!
    const days = daysLeft(nextDate, org.case.timeZone)
    const bothPetitions = new Set(signers.slice(0, 50).map((s) => s.email))
    for (const mail of mails) {
      const signer = bySigner.get(recipient(mail))!
      const first = signer.name.split(' ')[0]
      // The petition is the one among the targets that they signed last.
      const petition = bothPetitions.has(signer.email) ? second.petition : org.petition
      const kase = bothPetitions.has(signer.email) ? second.case : org.case
      expect(mail.subject).toBe(`${first}, ${days} days left for ${kase.personName}`)
      expect(mail.text).toContain(`Dear ${signer.name},`)
      expect(mail.text).toContain(`**${petition.title}** has`)
      expect(mail.text).toContain(`${server.url}/petitions/${petition.slug}`)
      expect(mail.text).toContain(`decides by ${formatDate(nextDate, kase.timeZone)}`)
      expect(mail.text).toContain('(Execution scheduled)')
      expect(mail.html).toContain(`<strong>${petition.title}</strong>`)
      expect(rawHeader(mail, 'list-unsubscribe')).toBe(
        `<${server.url}/unsubscribe/${signer.unsubscribeToken}>`,
      )
      expect(rawHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
      expect(mail.from?.value[0]).toMatchObject({
        name: org.organization.name,
        address: 'no-reply@localhost',
      })
      expect(mail.replyTo?.value[0]?.address).toBe(org.user.email)
    }
  }, 120_000)

  it('an unsubscribe through the mail shows in the statistics, and that signer gets nothing next time', async () => {
    const leaving = signers[10]!
    const oneClick = await fetch(`${server.url}/unsubscribe/${leaving.unsubscribeToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(oneClick.status).toBe(200)
    const after = await api('GET', `/messages/${firstId}`)
    expect(after.body.statistics).toMatchObject({
      total_targeted: 1000,
      sent: 1000,
      unsubscribed: 1,
    })

    const before = smtp.messages.length
    const nextId = await createAndSend([org.petition.id])
    const done = await untilSent(nextId)
    expect(done.statistics).toMatchObject({ total_targeted: 999, sent: 999, unsubscribed: 0 })
    await new Promise((r) => setTimeout(r, 300))
    const mails = mailsFor(emails(), before)
    expect(mails).toHaveLength(999)
    expect(mails.map(recipient)).not.toContain(leaving.email)
  }, 120_000)

  it('rejects unknown merge names with 422 and the name, at save time', async () => {
    const res = await api('POST', '/messages', {
      subject: 'Hi {{ supporter.first_name }}',
      body: 'Dear {{ supporter.nickname }}',
      targets: [{ petition_id: org.petition.id }],
    })
    expect(res.status).toBe(422)
    expect(res.body.error.message).toBeTruthy()
    expect(res.body.error.fields.body[0]).toContain('supporter.nickname')
    const filter = await api('POST', '/messages', {
      subject: '{{ petition.title | shout }}',
      body: 'x',
      targets: [{ petition_id: org.petition.id }],
    })
    expect(filter.status).toBe(422)
    expect(filter.body.error.fields.subject[0]).toContain('shout')
  })

  it('answers bad bodies, missing tokens and unknown ids as the contract says', async () => {
    expect((await api('POST', '/messages', '{not json')).status).toBe(400)
    const invalid = await api('POST', '/messages', { subject: '', body: 'x', targets: [] })
    expect(invalid.status).toBe(422)
    expect(Object.keys(invalid.body.error.fields).sort()).toEqual(['subject', 'targets'])
    const unknown = await api('POST', '/messages', {
      subject: 'x',
      body: 'x',
      targets: [{ petition_id: 'not-a-petition' }],
    })
    expect(unknown.status).toBe(422)
    expect(unknown.body.error.fields.targets).toBeTruthy()
    const anonymous = await callApi(server.url, 'GET', `/api/v1/messages/${firstId}`)
    expect(anonymous.status).toBe(401)
    expect((await api('GET', '/messages/00000000-0000-0000-0000-000000000000')).status).toBe(404)
    expect((await api('GET', '/messages/nope')).status).toBe(404)
  })

  it('schedules, cancels, and answers 409 for a state conflict', async () => {
    expect((await api('POST', `/messages/${firstId}/send`)).status).toBe(409)
    expect((await api('POST', `/messages/${firstId}/cancel`)).status).toBe(409)

    const created = await api('POST', '/messages', {
      subject: 'Later',
      body: 'Hello {{ supporter.first_name }}',
      targets: [{ petition_id: org.petition.id }],
    })
    const at = new Date(Date.now() + 2 * 86_400_000)
    const badTime = await api('POST', `/messages/${created.body.id}/send`, {
      scheduled_at: 'tomorrow',
    })
    expect(badTime.status).toBe(422)
    const scheduled = await api('POST', `/messages/${created.body.id}/send`, {
      scheduled_at: at.toISOString(),
    })
    expect(scheduled.status).toBe(200)
    expect(scheduled.body).toMatchObject({ status: 'scheduled', scheduled_at: at.toISOString() })
    const cancelled = await api('POST', `/messages/${created.body.id}/cancel`)
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    expect(cancelled.body.statistics).toMatchObject({ total_targeted: 0, sent: 0 })
    expect((await api('POST', `/messages/${created.body.id}/send`)).status).toBe(409)
  })

  it('a relay reports bounces and complaints with its secret; those addresses get no later campaign', async () => {
    const hook = (body: unknown, secret = HOOK_SECRET) =>
      fetch(`${server.url}/hooks/mail-events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const [bounced, complained] = [signers[20]!, signers[21]!]
    const events = {
      events: [
        { type: 'bounce', email: bounced.email, detail: '550 5.1.1 no such user' },
        { type: 'complaint', email: complained.email.toUpperCase() },
      ],
    }
    expect((await hook(events, 'wrong-secret-wrong-secret')).status).toBe(401)
    expect((await hook({ events: [{ type: 'spam', email: 'x' }] })).status).toBe(422)
    const res = await hook(events)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ received: 2, recorded: 2 })
    // Reported again: nothing new.
    expect(await (await hook(events)).json()).toEqual({ received: 2, recorded: 0 })

    const before = smtp.messages.length
    const id = await createAndSend([org.petition.id])
    const done = await untilSent(id)
    // 1,000 signers less the one who unsubscribed, the bounce and the complaint.
    expect(done.statistics).toMatchObject({ total_targeted: 997, sent: 997 })
    const got = mailsFor(emails(), before).map(recipient)
    expect(got).not.toContain(bounced.email)
    expect(got).not.toContain(complained.email)
  }, 120_000)
})
