/**
 * Webhooks end to end: the real server with its worker, a real HTTP
 * receiver in this process, and the Standard Webhooks scheme's own
 * library verifying what arrives — and refusing a tampered or replayed
 * delivery. URLs on this machine or private networks are refused unless
 * VIGIL_WEBHOOK_ALLOW_PRIVATE=on; a failed delivery is retried with the
 * same webhook-id; a URL failing for a day is paused, its admins told,
 * and the dashboard's log, test delivery and resume button work.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook as Verifier } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { sendDueWebhooks } from '../app/mail/senders/webhook-sender.server'
import {
  isPublicAddress,
  postWebhook,
  resolveWebhookHost,
  WebhookUrlError,
} from '../app/mail/webhook-transport.server'
import { release } from '../app/services/moderation.server'
import { db } from '../app/utils/db.server'
import { resetEnvCache } from '../app/utils/env.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { eventually, postForm, startTestServer, type TestServer } from './helpers/server'
import { seedSignatures } from './helpers/signatures'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

interface Delivery {
  headers: Record<string, string>
  body: string
}

/** An HTTP receiver that records each request and answers with `status`. */
async function startReceiver() {
  const received: Delivery[] = []
  const state = { status: 200 }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString('utf8'),
      })
      res.writeHead(state.status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/vigil`,
    port,
    received,
    state,
    of: (type: string) => received.filter((d) => JSON.parse(d.body).type === type),
    waitFor: (match: (d: Delivery) => boolean) =>
      eventually(async () => received.find(match), { timeoutMs: 20_000 }),
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>
const typeOf = (d: Delivery) => JSON.parse(d.body).type as string

function allowPrivate(on: boolean) {
  if (on) process.env.VIGIL_WEBHOOK_ALLOW_PRIVATE = 'on'
  else delete process.env.VIGIL_WEBHOOK_ALLOW_PRIVATE
  resetEnvCache()
}

let server: TestServer
let smtp: SmtpSink
let receiver: Receiver
let org: Awaited<ReturnType<typeof makeApiOrganization>>
const api = (method: string, path: string, body?: unknown, token: string | null = org.token) =>
  callApi(server.url, method, `/api/v1${path}`, { token, body })

beforeAll(async () => {
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
  receiver = await startReceiver()
  org = await makeApiOrganization('Webhook Test Org')
})

afterAll(async () => {
  allowPrivate(false)
  await receiver.close()
  await server.close()
  await smtp.close()
})

describe('where a webhook may point', () => {
  it('refuses this machine, private and link-local networks with a 422 on url', async () => {
    allowPrivate(false)
    for (const url of [
      `https://127.0.0.1:${receiver.port}/`,
      'https://localhost/hooks',
      'https://[::1]/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://10.1.2.3/hooks',
      'https://192.168.1.10/hooks',
      'https://[::ffff:127.0.0.1]/hooks',
      receiver.url, // plain http: only where private receivers are allowed
      'ftp://example.org/hooks',
      'https://no-such-host.invalid/hooks',
    ]) {
      const res = await api('POST', '/webhooks', { url, events: ['case.updated'] })
      expect(res.status, url).toBe(422)
      expect(res.body.error.fields.url, url).toHaveLength(1)
    }
    expect((await api('GET', '/webhooks')).body.total_records).toBe(0)
    for (const address of ['8.8.8.8', '2606:4700:4700::1111'])
      expect(isPublicAddress(address), address).toBe(true)
    for (const address of ['127.0.0.1', '::1', '10.0.0.1', '172.20.1.1', '100.64.0.1', 'fe80::1'])
      expect(isPublicAddress(address), address).toBe(false)
    for (const address of ['::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:a00:1::1'])
      expect(isPublicAddress(address), address).toBe(false)
  })

  it('checks every address a host resolves to, once, and connects to the one it checked', async () => {
    allowPrivate(false)
    const resolver = (addresses: string[]) => async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }) as const)
    await expect(
      resolveWebhookHost(
        new URL('https://mixed.example/'),
        resolver(['93.184.216.34', '10.0.0.5']),
      ),
    ).rejects.toThrow(/10\.0\.0\.5/)
    // A name that points here now is refused at delivery, before any connection.
    await expect(
      postWebhook(
        { url: 'https://rebound.example/hook', headers: {}, body: '{}' },
        { resolve: resolver(['127.0.0.1']) },
      ),
    ).rejects.toBeInstanceOf(WebhookUrlError)

    allowPrivate(true)
    // The system resolver knows no such name: the request reaches the
    // receiver only because it connects to the address that was checked.
    let lookups = 0
    const before = receiver.received.length
    const answer = await postWebhook(
      { url: `http://receiver.vigil.test:${receiver.port}/direct`, headers: {}, body: '{}' },
      {
        resolve: async () => {
          lookups++
          return [{ address: '127.0.0.1', family: 4 }]
        },
      },
    )
    expect(answer.status).toBe(200)
    expect(lookups).toBe(1)
    expect(receiver.received).toHaveLength(before + 1)
    expect(receiver.received.at(-1)!.headers.host).toBe(`receiver.vigil.test:${receiver.port}`)
  })
})

describe('deliveries', () => {
  let secret: string
  let webhookId: string

  it('creates a webhook with its secret shown once', async () => {
    allowPrivate(true)
    const created = await api('POST', '/webhooks', {
      url: receiver.url,
      events: ['signature.confirmed', 'case.updated', 'message.sent', 'outreach.delivered'],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(created.body.status).toBe('active')
    secret = created.body.secret
    webhookId = created.body.id
    const listed = await api('GET', '/webhooks')
    expect(listed.body._embedded['osdi:webhooks']).toHaveLength(1)
    expect(JSON.stringify(listed.body)).not.toContain(secret)
    expect((await api('GET', `/webhooks/${webhookId}`)).body.secret).toBeUndefined()
    const other = await makeApiOrganization('Webhook Other Org')
    expect((await api('GET', `/webhooks/${webhookId}`, undefined, other.token)).status).toBe(404)
    expect((await api('DELETE', `/webhooks/${webhookId}`, undefined, other.token)).status).toBe(404)
  })

  it('signs signature.confirmed by Standard Webhooks; the verifier refuses it tampered or replayed', async () => {
    const email = `hooked.${Date.now()}@example.org`
    const signed = await api(
      'POST',
      `/petitions/${org.petition.id}/signatures`,
      {
        person: {
          given_name: 'Ada',
          family_name: 'Lovelace King',
          email_addresses: [{ address: email }],
          postal_addresses: [{ postal_code: '78701', locality: 'Austin', country: 'US' }],
        },
        subscribe: true,
      },
      null,
    )
    expect(signed.status).toBe(202)
    const mail = await smtp.waitForMail((m) => recipient(m).includes(email))
    const link = /(http:\/\/\S+\/confirm\/[\w-]+)/.exec(mail.text ?? '')![1]!
    const confirmed = await postForm(link, { intent: 'confirm' }, { origin: server.url })
    expect(confirmed.status).toBe(200)

    const delivery = await receiver.waitFor((d) => d.body.includes(email))
    const verifier = new Verifier(secret)
    const payload = verifier.verify(delivery.body, delivery.headers) as {
      type: string
      data: { id: string; person: unknown; petition_id: string }
    }
    expect(payload.type).toBe('signature.confirmed')
    expect(delivery.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/)
    // The same person as the API shows for that signature.
    const resource = await api('GET', `/petitions/${org.petition.id}/signatures/${payload.data.id}`)
    expect(payload.data.person).toEqual(resource.body.person)
    expect(payload.data.petition_id).toBe(org.petition.id)

    const tampered = delivery.body.replace(email, 'someone.else@example.org')
    expect(() => verifier.verify(tampered, delivery.headers)).toThrow()
    expect(() =>
      new Verifier(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(
        delivery.body,
        delivery.headers,
      ),
    ).toThrow()
    // The same delivery, replayed ten minutes later: outside the tolerance.
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(Date.now() + 10 * 60_000)
      expect(() => verifier.verify(delivery.body, delivery.headers)).toThrow(/timestamp/i)
    } finally {
      vi.useRealTimers()
    }
    // Confirming again announces nothing again.
    await postForm(link, { intent: 'confirm' }, { origin: server.url })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(receiver.received.filter((d) => d.body.includes(email))).toHaveLength(1)
  })

  it('announces case.updated, message.sent and outreach.delivered', async () => {
    const patched = await api('PATCH', `/cases/${org.case.id}`, {
      status: 'stayed',
      note: 'Stay granted',
    })
    expect(patched.status).toBe(200)
    const caseEvent = await receiver.waitFor((d) => typeOf(d) === 'case.updated')
    const caseData = JSON.parse(caseEvent.body).data
    expect(caseData).toMatchObject({ id: org.case.id, status: 'stayed' })
    expect(caseData.new_events).toEqual([
      expect.objectContaining({
        kind: 'status_changed',
        note: 'Stay granted',
        from_status: 'scheduled',
        to_status: 'stayed',
      }),
    ])

    const message = await api('POST', '/messages', {
      subject: 'News',
      body: 'Dear {{ supporter.first_name }}, the case was stayed.',
      targets: [{ petition_id: org.petition.id }],
    })
    expect((await api('POST', `/messages/${message.body.id}/send`)).status).toBe(200)
    const sent = await receiver.waitFor((d) => typeOf(d) === 'message.sent')
    expect(JSON.parse(sent.body).data).toMatchObject({
      id: message.body.id,
      status: 'sent',
      statistics: { total_targeted: 1, sent: 1, failed: 0 },
    })

    const outreach = await api('POST', '/outreaches', {
      petition_id: org.petition.id,
      target_ids: [org.governor.id],
      subject: 'The petition',
      body: 'Dear {{ official.name }}, please read it.',
    })
    expect(outreach.status).toBe(201)
    const copy = await receiver.waitFor((d) => typeOf(d) === 'outreach.delivered')
    expect(JSON.parse(copy.body).data).toMatchObject({
      outreach_id: outreach.body.id,
      official_id: org.governor.id,
      status: 'sent',
    })
    for (const d of receiver.received.filter((r) => r.headers['webhook-id']))
      expect(() => new Verifier(secret).verify(d.body, d.headers)).not.toThrow()
  })

  it('announces a held signature its signer confirmed when a moderator releases it', async () => {
    const [id] = await seedSignatures(
      { petitionId: org.petition.id, organizationId: org.organization.id },
      [{ email: 'held.hook@example.org', status: 'held', confirmedAt: new Date() }],
    )
    const done = await release({
      organizationId: org.organization.id,
      petitionId: org.petition.id,
      signatureIds: [id!],
    })
    expect(done).toMatchObject({ affected: 1, confirmed: 1 })
    const delivery = await receiver.waitFor((d) => d.body.includes('held.hook@example.org'))
    expect(JSON.parse(delivery.body)).toMatchObject({
      type: 'signature.confirmed',
      data: { id, status: 'confirmed' },
    })
  })

  it('retries with the same webhook-id, logs the answers, pauses a URL failing for a day and resumes it', async () => {
    const admin = await makeOrganizer({ role: 'admin', organizationName: org.organization.name })
    const cookie = await signInCookie(server.url, { email: admin.user.email })
    const page = `${server.url}/dashboard/webhooks/${webhookId}`
    const post = (intent: string) => postForm(page, { intent }, { cookie, origin: server.url })

    receiver.state.status = 503
    expect((await post('test')).status).toBe(303)
    const first = await receiver.waitFor((d) => typeOf(d) === 'webhook.test')
    const row = () =>
      db()<{ id: string; status: string; responseStatus: string | null; attempts: number }[]>`
        select d.id, d.status, d.response_status, d.attempts from webhook_deliveries d
        join webhook_events e on e.id = d.event_id
        where d.webhook_id = ${webhookId} and e.type = 'webhook.test'`
    await eventually(async () => ((await row())[0]?.responseStatus === '503' ? true : undefined))
    expect((await row())[0]).toMatchObject({ status: 'queued', attempts: 1 })

    // Its retry (brought forward from 30 s): the same id, a new timestamp, the same event.
    receiver.state.status = 200
    await db()`update webhook_deliveries set next_attempt_at = now() where webhook_id = ${webhookId}`
    await sendDueWebhooks()
    const tries = receiver.of('webhook.test')
    expect(tries).toHaveLength(2)
    expect(tries[1]!.headers['webhook-id']).toBe(first.headers['webhook-id'])
    expect(Number(tries[1]!.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(
      Number(first.headers['webhook-timestamp']),
    )
    expect(tries[1]!.body).toBe(first.body)
    expect((await row())[0]).toMatchObject({ status: 'sent', responseStatus: '200', attempts: 2 })
    const log = await (await fetch(page, { headers: { cookie } })).text()
    expect(log).toContain('webhook.test')
    expect(log).toContain('signature.confirmed')
    expect(log).toMatch(/<td data-label="Response">200<\/td>/)

    // The URL has failed for more than a day (nothing delivered since): the next failure pauses it.
    receiver.state.status = 500
    await db()`update webhook_deliveries set sent_at = now() - interval '26 hours'
      where webhook_id = ${webhookId}`
    await db()`update webhooks set failing_since = now() - interval '25 hours'
      where id = ${webhookId}`
    const pendingBefore = receiver.of('webhook.test').length
    expect((await post('test')).status).toBe(303)
    await eventually(async () => {
      const [hook] = await db()<{ status: string }[]>`
        select status from webhooks where id = ${webhookId}`
      return hook!.status === 'paused' ? true : undefined
    })
    const notice = await smtp.waitForMail(
      (m) => recipient(m).includes(admin.user.email) && /was paused/.test(m.subject ?? ''),
    )
    expect(notice.text).toContain(receiver.url)
    expect(notice.text).toContain(`/dashboard/webhooks/${webhookId}`)
    const paused = await (await fetch(page, { headers: { cookie } })).text()
    expect(paused).toContain('Paused')
    expect(paused).toContain('>Resume<')
    expect((await api('GET', `/webhooks/${webhookId}`)).body.status).toBe('paused')

    // Resumed: what waited goes at once, and the webhook is active again.
    receiver.state.status = 200
    expect((await post('resume')).status).toBe(303)
    await eventually(async () =>
      receiver.of('webhook.test').length >= pendingBefore + 2 ? true : undefined,
    )
    const resumed = await api('GET', `/webhooks/${webhookId}`)
    expect(resumed.body).toMatchObject({ status: 'active', failing_since: null })
  })

  it('keeps a month of settled messages in the log, and every one still waiting', async () => {
    await db()`update webhook_events set created_at = now() - interval '31 days'
      where organization_id = ${org.organization.id}`
    const [waiting] = await db()<{ id: string }[]>`
      update webhook_deliveries set status = 'queued', next_attempt_at = now() + interval '1 hour'
      where id = (select min(id) from webhook_deliveries where webhook_id = ${webhookId})
      returning event_id as id`
    await sendDueWebhooks()
    const left = await db()<{ id: string }[]>`
      select id from webhook_events where organization_id = ${org.organization.id}`
    expect(left.map((e) => e.id)).toEqual([waiting!.id])
  })

  it('deletes a webhook (204) and delivers nothing more to it', async () => {
    expect((await api('DELETE', `/webhooks/${webhookId}`)).status).toBe(204)
    expect((await api('GET', `/webhooks/${webhookId}`)).status).toBe(404)
    const count = receiver.received.length
    await api('PATCH', `/cases/${org.case.id}`, { status: 'scheduled' })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(receiver.received).toHaveLength(count)
  })
})
