/**
 * Outreach to officials end to end: the real server with its worker, the
 * JSON API, the dashboard without JavaScript, and a real SMTP server. Each
 * official gets exactly one letter, with the petition's count as it was
 * when the letter left, Reply-To the organizer, From the organization, and
 * (when asked) the signers as CSV without a single email address. A
 * scheduled outreach waits for its time; 451 is retried, 550 is recorded
 * with the reason; invalid requests get the contract's 422s.
 */
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDueOutreachDeliveries } from '../app/mail/senders/outreach-sender.server'
import { createOfficial, type Official } from '../app/models/official.server'
import { createPetition } from '../app/models/petition.server'
import { db } from '../app/utils/db.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { eventually, postForm, startTestServer, type TestServer } from './helpers/server'
import { seedSignatures } from './helpers/signatures'
import { startSmtpSink, type SmtpSink } from './helpers/smtp'

type Org = Awaited<ReturnType<typeof makeApiOrganization>>

let server: TestServer
let smtp: SmtpSink
let org: Org
let judge: Official
let noEmail: Official

const SUBJECT =
  'The petition for {{ case.person_name }}: {{ petition.total_signatures }} signatures'
const BODY = `Dear {{ official.title }} {{ official.name }},

On behalf of **{{ petition.total_signatures }}** people, {{ organization.name }} delivers the petition
"{{ petition.title }}" before {{ case.next_date }}.`

beforeAll(async () => {
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
  org = await makeApiOrganization('Outreach Test Org')
  judge = await createOfficial({
    organizationId: org.organization.id,
    name: 'Judge Amara Okafor',
    title: 'Chief Judge',
    email: 'amara.okafor@courts.example',
  })
  noEmail = await createOfficial({
    organizationId: org.organization.id,
    name: 'Warden Without Mail',
    title: 'Warden',
  })
  const ids = await seedSignatures(
    { petitionId: org.petition.id, organizationId: org.organization.id },
    [
      { name: 'Maria Lopez', locality: 'Austin', email: 'maria@signers.example' },
      { name: 'Sam Reed', locality: 'El Paso', email: 'sam@signers.example' },
      { name: 'Ana Ruiz', locality: 'Houston', email: 'ana@signers.example' },
      { name: 'Pending Person', status: 'pending', email: 'pending@signers.example' },
    ],
  )
  // A comment a spreadsheet would run, and one with a comma.
  await db()`update signatures set comment = '=HYPERLINK("http://evil.example")'
    where id = ${ids[0]!}`
  await db()`update signatures set comment = 'Mercy, please.' where id = ${ids[1]!}`
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

function to(address: string) {
  return smtp.messages.filter((m) =>
    (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).some((a) =>
      a.value.some((v) => v.address === address),
    ),
  )
}

async function signatureCount(): Promise<number> {
  const [row] = await db()<{ n: number }[]>`
    select signature_count as n from petitions where id = ${org.petition.id}`
  return row!.n
}

async function getOutreach(id: string) {
  const res = await callApi(server.url, 'GET', `/api/v1/outreaches/${id}`, { token: org.token })
  expect(res.status).toBe(200)
  return res.body
}

function post(body: Record<string, unknown>) {
  return callApi(server.url, 'POST', '/api/v1/outreaches', { token: org.token, body })
}

const governorEmail = () => org.governor.email!

describe('outreach to officials', () => {
  it('reaches each official once, with the count, Reply-To the organizer and the signers as CSV', async () => {
    const created = await post({
      petition_id: org.petition.id,
      target_ids: [org.governor.id, judge.id],
      subject: SUBJECT,
      body: BODY,
      attach_signers: true,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      identifiers: [`vigil:${created.body.id}`],
      petition_id: org.petition.id,
      status: 'sending',
      attach_signers: true,
    })
    expect(created.body.deliveries).toHaveLength(2)

    const outreach = await eventually(async () => {
      const o = await getOutreach(created.body.id)
      return o.status === 'sent' ? o : undefined
    })
    const count = await signatureCount()
    expect(count).toBe(3)
    expect(
      outreach.deliveries.map((d: { official_id: string; status: string }) => d.status),
    ).toEqual(['sent', 'sent'])
    for (const d of outreach.deliveries) expect(d.sent_at).toBeTruthy()

    for (const [official, title] of [
      [org.governor, 'Governor'],
      [judge, 'Chief Judge'],
    ] as const) {
      const mails = to(official.email!)
      expect(mails, official.email!).toHaveLength(1)
      const mail = mails[0]!
      expect(mail.subject).toBe(`The petition for ${org.case.personName}: 3 signatures`)
      expect(mail.from?.value[0]).toEqual({
        name: 'Outreach Test Org',
        address: expect.any(String),
      })
      expect(mail.replyTo?.value[0]?.address).toBe(org.user.email)
      expect(mail.text).toContain(`Dear ${title} ${official.name},`)
      expect(mail.text).toContain('3 confirmed signatures (goal: 100)')
      expect(mail.text).toContain(org.petition.title)
      expect(mail.text).toContain('Please **spare** this person.')
      expect(mail.text).toContain(`Case number: ${org.case.caseNumber}`)
      expect(mail.text).toContain('Jurisdiction: Texas')
      expect(mail.text).toMatch(/Execution date: \w+day, /)
      expect(mail.text).toContain(`/petitions/${org.petition.slug}`)
      expect(mail.html).toContain('<strong>3 confirmed signatures (goal: 100)</strong>')
      expect(mail.html).toContain('Please <strong>spare</strong> this person.')
      expect(mail.headers.has('list-unsubscribe')).toBe(false)

      expect(mail.attachments).toHaveLength(1)
      const csv = mail.attachments[0]!
      expect(csv.filename).toMatch(new RegExp(`^${org.petition.slug}-signers-.*\\.csv$`))
      expect(csv.contentType).toBe('text/csv')
      const lines = csv.content.toString('utf8').trim().split(/\r?\n/)
      expect(lines[0]).toBe('name,locality,postal_code,country,signed_at,comment')
      expect(lines).toHaveLength(4)
      const text = lines.join('\n')
      expect(text).toContain('Maria Lopez,Austin,78701,US')
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
      expect(text).toContain('"Mercy, please."')
      expect(text).not.toContain('Pending Person')
      expect(text).not.toContain('@')
    }
  })

  it('sends no attachment unless asked', async () => {
    const created = await post({
      petition_id: org.petition.id,
      target_ids: [judge.id],
      subject: 'No file for {{ official.name }}',
      body: 'Hello.',
    })
    expect(created.status).toBe(201)
    const mail = await smtp.waitForMail((m) => m.subject === `No file for ${judge.name}`)
    expect(mail.attachments).toHaveLength(0)
    expect(mail.text).not.toContain('attached')
  })

  it('waits for scheduled_at, then sends with the count as it is by then', async () => {
    const at = new Date(Date.now() + 4000)
    const created = await post({
      petition_id: org.petition.id,
      target_ids: [org.governor.id],
      subject: 'Scheduled: {{ petition.total_signatures }} signatures',
      body: 'The count today.',
      scheduled_at: at.toISOString(),
    })
    expect(created.status).toBe(201)
    expect(created.body.status).toBe('scheduled')
    expect(new Date(created.body.scheduled_at).getTime()).toBe(at.getTime())
    expect(created.body.deliveries).toEqual([
      expect.objectContaining({ official_id: org.governor.id, status: 'queued', error: null }),
    ])
    // More people sign while it waits.
    await seedSignatures({ petitionId: org.petition.id, organizationId: org.organization.id }, [
      { name: 'Late Signer' },
    ])
    // Even a run of the job before its time sends nothing.
    await sendDueOutreachDeliveries()
    await new Promise((r) => setTimeout(r, 1500))
    expect(Date.now()).toBeLessThan(at.getTime())
    expect(smtp.messages.filter((m) => m.subject?.startsWith('Scheduled:'))).toHaveLength(0)
    expect((await getOutreach(created.body.id)).status).toBe('scheduled')

    const mail = await smtp.waitForMail((m) => !!m.subject?.startsWith('Scheduled:'), 15_000)
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime())
    expect(mail.subject).toBe('Scheduled: 4 signatures')
    expect(mail.text).toContain('4 confirmed signatures')
    const done = await eventually(async () => {
      const o = await getOutreach(created.body.id)
      return o.status === 'sent' ? o : undefined
    })
    expect(done.deliveries[0].status).toBe('sent')
    expect(to(governorEmail()).filter((m) => m.subject?.startsWith('Scheduled:'))).toHaveLength(1)
  })

  it('cancels a scheduled outreach: nothing is sent', async () => {
    const created = await post({
      petition_id: org.petition.id,
      target_ids: [judge.id],
      subject: 'Never sent',
      body: 'Hello.',
      scheduled_at: new Date(Date.now() + 3_600_000).toISOString(),
    })
    const cancelled = await callApi(
      server.url,
      'POST',
      `/api/v1/outreaches/${created.body.id}/cancel`,
      { token: org.token },
    )
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    // The contract's delivery states are queued, sent and failed: not delivered, and why.
    expect(cancelled.body.deliveries[0]).toMatchObject({
      status: 'failed',
      error: 'outreach cancelled',
    })
    await db()`update outreaches set scheduled_at = now() where id = ${created.body.id}`
    await db()`update outreach_deliveries set next_attempt_at = now()
      where outreach_id = ${created.body.id}`
    await sendDueOutreachDeliveries()
    expect(smtp.messages.filter((m) => m.subject === 'Never sent')).toHaveLength(0)
  })

  it('retries 451 until the server takes it, exactly once', async () => {
    smtp.failWith(451)
    let id: string
    try {
      const created = await post({
        petition_id: org.petition.id,
        target_ids: [judge.id],
        subject: 'Retried letter',
        body: 'Hello.',
      })
      id = created.body.id
      const failing = await eventually(async () => {
        const o = await getOutreach(id)
        return o.deliveries[0].error ? o : undefined
      })
      expect(failing.status).toBe('sending')
      expect(failing.deliveries[0]).toMatchObject({ status: 'queued', attempts: 1 })
      expect(failing.deliveries[0].error).toMatch(/Try again later/)
      const [row] = await db()<{ seconds: number }[]>`
        select extract(epoch from next_attempt_at - now())::float8 as seconds
        from outreach_deliveries where outreach_id = ${id}`
      expect(row!.seconds).toBeGreaterThan(0)
      expect(row!.seconds).toBeLessThanOrEqual(30)
    } finally {
      smtp.failWith(null)
    }
    // Time passes: the retry falls due.
    await db()`update outreach_deliveries set next_attempt_at = now() where outreach_id = ${id}`
    await sendDueOutreachDeliveries()
    const done = await eventually(async () => {
      const o = await getOutreach(id)
      return o.status === 'sent' ? o : undefined
    })
    expect(done.deliveries[0]).toMatchObject({ status: 'sent', error: null, attempts: 2 })
    expect(smtp.messages.filter((m) => m.subject === 'Retried letter')).toHaveLength(1)
  })

  it('records 550 as failed with the reason, and does not retry it', async () => {
    smtp.failWith(550)
    let id: string
    try {
      const created = await post({
        petition_id: org.petition.id,
        target_ids: [org.governor.id],
        subject: 'Bounced letter',
        body: 'Hello.',
      })
      id = created.body.id
      const failed = await eventually(async () => {
        const o = await getOutreach(id)
        return o.status === 'sent' ? o : undefined
      })
      expect(failed.deliveries[0]).toMatchObject({
        official_id: org.governor.id,
        status: 'failed',
        attempts: 1,
        sent_at: null,
      })
      expect(failed.deliveries[0].error).toMatch(/Mailbox unavailable/)
    } finally {
      smtp.failWith(null)
    }
    await db()`update outreach_deliveries set next_attempt_at = now() where outreach_id = ${id}`
    await sendDueOutreachDeliveries()
    expect((await getOutreach(id)).deliveries[0].attempts).toBe(1)
    expect(smtp.messages.filter((m) => m.subject === 'Bounced letter')).toHaveLength(0)
  })

  it('lists the organization’s outreaches', async () => {
    const res = await callApi(server.url, 'GET', '/api/v1/outreaches?per_page=2', {
      token: org.token,
    })
    expect(res.status).toBe(200)
    expect(res.body.total_records).toBeGreaterThanOrEqual(6)
    expect(res.body._embedded['osdi:outreaches']).toHaveLength(2)
    expect(res.body._embedded['osdi:outreaches'][0].subject).toBe('Bounced letter')
  })

  it('answers 401, 400 and 422 as the contract says, and sends nothing', async () => {
    const before = smtp.messages.length
    const valid = {
      petition_id: org.petition.id,
      target_ids: [judge.id],
      subject: 'Hello {{ official.name }}',
      body: 'Hello.',
    }
    expect((await callApi(server.url, 'POST', '/api/v1/outreaches', { body: valid })).status).toBe(
      401,
    )
    expect((await callApi(server.url, 'GET', '/api/v1/outreaches/nope', {})).status).toBe(401)
    const notJson = await callApi(server.url, 'POST', '/api/v1/outreaches', {
      token: org.token,
      body: '{"petition_id": ',
    })
    expect(notJson.status).toBe(400)

    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...valid, target_ids: [] }, 'target_ids', /at least one/],
      [{ ...valid, target_ids: [noEmail.id] }, 'target_ids', /Warden Without Mail has no email/],
      [
        { ...valid, target_ids: ['00000000-0000-4000-8000-000000000000'] },
        'target_ids',
        /No such official/,
      ],
      [{ ...valid, petition_id: 'nope' }, 'petition_id', /No such petition/],
      [{ ...valid, subject: '' }, 'subject', /required/],
      [{ ...valid, body: 'Dear {{ official.nickname }}' }, 'body', /nickname/],
      [{ ...valid, body: 'Dear {{ supporter.first_name }}' }, 'body', /supporter/],
      [{ ...valid, scheduled_at: 'tomorrow' }, 'scheduled_at', /ISO 8601/],
      [{ ...valid, attach_signers: 'yes' }, 'attach_signers', /true or false/],
    ]
    for (const [body, field, message] of cases) {
      const res = await post(body)
      expect(res.status, JSON.stringify(body)).toBe(422)
      expect(res.body.error.fields[field]?.join(' '), field).toMatch(message)
    }
    const unknown = await callApi(
      server.url,
      'GET',
      '/api/v1/outreaches/00000000-0000-4000-8000-000000000000',
      { token: org.token },
    )
    expect(unknown.status).toBe(404)
    await sendDueOutreachDeliveries()
    expect(smtp.messages.length).toBe(before)
  })

  it('is written and sent from the dashboard without JavaScript', async () => {
    process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
    const organizer = await makeOrganizer({
      organizationName: org.organization.name,
      name: 'Dana Organizer',
    })
    const cookie = await signInCookie(server.url, { email: organizer.user.email })
    const page = async (path: string) => {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' })
      return { status: res.status, html: (await res.text()).replace(/<!-- -->/g, '') }
    }

    // The petition page offers the delivery; the form preselects the petition's targets.
    const petitionPage = await page(`/dashboard/petitions/${org.petition.id}`)
    expect(petitionPage.html).toContain(`/dashboard/outreaches/new?petition=${org.petition.id}`)
    const form = await page(`/dashboard/outreaches/new?petition=${org.petition.id}`)
    expect(form.status).toBe(200)
    expect(form.html).toMatch(
      new RegExp(`value="${org.governor.id}"[^>]*checked|checked[^>]*value="${org.governor.id}"`),
    )
    expect(form.html).toContain('Judge Amara Okafor')

    const fields = {
      petitionId: org.petition.id,
      targetIds: judge.id,
      subject: 'From the dashboard to {{ official.name }}',
      body: 'Dear {{ official.title }}, {{ petition.total_signatures }} people ask for mercy.',
      attachSigners: 'on',
      when: 'now',
    }
    // A preview with real data, nothing sent.
    const before = smtp.messages.length
    const preview = await postForm(
      `${server.url}/dashboard/outreaches/new`,
      { ...fields, intent: 'preview' },
      { cookie },
    )
    expect(preview.status).toBe(200)
    const previewHtml = (await preview.text()).replace(/<!-- -->/g, '')
    expect(previewHtml).toContain('From the dashboard to Judge Amara Okafor')
    expect(previewHtml).toContain('Dear Chief Judge, 4 people ask for mercy.')
    expect(smtp.messages.length).toBe(before)

    // A test copy goes to the organizer alone, with the attachment.
    const test = await postForm(
      `${server.url}/dashboard/outreaches/new`,
      { ...fields, intent: 'test' },
      { cookie },
    )
    expect(test.status).toBe(200)
    expect((await test.text()).replace(/<!-- -->/g, '')).toContain(
      `A test copy (as Judge Amara Okafor would get it) went to ${organizer.user.email}.`,
    )
    const testMail = await smtp.waitForMail(
      (m) => m.subject === '[Test] From the dashboard to Judge Amara Okafor',
    )
    expect(to(organizer.user.email)).toHaveLength(1)
    expect(testMail.attachments).toHaveLength(1)
    expect(smtp.messages.length).toBe(before + 1)
    expect(to(judge.email!).filter((m) => m.subject?.includes('From the dashboard'))).toHaveLength(
      0,
    )

    // An error is shown beside its field, the input kept.
    const invalid = await postForm(
      `${server.url}/dashboard/outreaches/new`,
      { ...fields, body: 'Dear {{ official.nickname }}', intent: 'send' },
      { cookie },
    )
    expect(invalid.status).toBe(400)
    const invalidHtml = await invalid.text()
    expect(invalidHtml).toContain('nickname')
    expect(invalidHtml).toContain('aria-invalid')

    const sent = await postForm(
      `${server.url}/dashboard/outreaches/new`,
      { ...fields, intent: 'send' },
      { cookie },
    )
    expect(sent.status).toBe(303)
    const location = sent.headers.get('location')!
    expect(location).toMatch(/^\/dashboard\/outreaches\/[0-9a-f-]{36}/)
    const mail: ParsedMail = await smtp.waitForMail(
      (m) => m.subject === 'From the dashboard to Judge Amara Okafor',
    )
    expect(mail.replyTo?.value[0]).toEqual({
      name: 'Dana Organizer',
      address: organizer.user.email,
    })
    expect(mail.attachments).toHaveLength(1)
    await eventually(async () => {
      const view = await page(location)
      return view.html.includes('Sent') && !view.html.includes('Queued') ? view : undefined
    })
    const view = await page(location)
    expect(view.status).toBe(200)
    expect(view.html).toContain('Judge Amara Okafor')
    expect(view.html).toContain('amara.okafor@courts.example')

    // Scheduled in the case's time zone, then cancelled from its page.
    const scheduled = await postForm(
      `${server.url}/dashboard/outreaches/new`,
      { ...fields, intent: 'send', when: 'later', scheduledAt: '2099-01-05T09:30' },
      { cookie },
    )
    expect(scheduled.status).toBe(303)
    const scheduledUrl = scheduled.headers.get('location')!
    const id = scheduledUrl.split('/').pop()!.split('?')[0]!
    const [row] = await db()<{ scheduledAt: Date }[]>`
      select scheduled_at from outreaches where id = ${id}`
    // America/Chicago in January is UTC−6.
    expect(row!.scheduledAt.toISOString()).toBe('2099-01-05T15:30:00.000Z')
    const scheduledView = await page(scheduledUrl)
    expect(scheduledView.html).toContain('Scheduled')
    expect(scheduledView.html).toContain('Cancel')
    const cancel = await postForm(
      `${server.url}${scheduledUrl.split('?')[0]}`,
      { intent: 'cancel' },
      {
        cookie,
      },
    )
    expect(cancel.status).toBe(303)
    expect((await getOutreach(id)).status).toBe('cancelled')

    // A draft cannot be delivered yet, and the form says why.
    const draft = await createPetition({
      organizationId: org.organization.id,
      caseId: org.case.id,
      title: 'Unpublished petition',
      status: 'draft',
    })
    const draftForm = await page(`/dashboard/outreaches/new?petition=${draft.id}`)
    expect(draftForm.status).toBe(200)
    expect(draftForm.html).toContain('“Unpublished petition” is a draft: publish it')

    const list = await page('/dashboard/outreaches')
    expect(list.status).toBe(200)
    // Its title as it reads, not as Liquid (the first visit's polish).
    expect(list.html).toContain('From the dashboard to [official name]')
  })
})

describe('the delivery packet in outreach', () => {
  it('attaches the packet to each copy, with the count within the jurisdiction', async () => {
    const { PDFParse } = await import('pdf-parse')
    const created = await post({
      petition_id: org.petition.id,
      target_ids: [judge.id],
      subject: 'The packet for {{ official.name }}',
      body: 'Printed for the hearing.',
      attach_packet: true,
    })
    expect(created.status).toBe(201)
    expect(created.body.attach_packet).toBe(true)
    const mail = await smtp.waitForMail((m) => m.subject === `The packet for ${judge.name}`)
    // Every signer here has a Texas ZIP code: all of them count within the jurisdiction.
    const count = await signatureCount()
    expect(mail.text).toContain(`${count} confirmed signatures (goal: 100)`)
    expect(mail.text).toContain(`${count} of them in Texas`)
    expect(mail.text).toMatch(/delivery packet to print .* is attached as .*\.pdf/)
    expect(mail.attachments).toHaveLength(1)
    const pdf = mail.attachments[0]!
    expect(pdf.contentType).toBe('application/pdf')
    expect(pdf.filename).toMatch(new RegExp(`^${org.petition.slug}-packet-.*\\.pdf$`))
    const parser = new PDFParse({ data: new Uint8Array(pdf.content) })
    const { text } = await parser.getText()
    await parser.destroy()
    expect(text).toContain('Maria L.')
    expect(text).toContain(`Within Texas: ${count} confirmed`)
    expect(text).not.toMatch(/@/)
  })

  it('links the packet instead when it is over the attachment limit; the link needs no sign-in and expires', async () => {
    const { resetEnvCache } = await import('../app/utils/env.server')
    process.env.VIGIL_PACKET_ATTACH_MAX_MB = '0.001'
    resetEnvCache()
    try {
      const created = await post({
        petition_id: org.petition.id,
        target_ids: [judge.id],
        subject: 'The linked packet for {{ official.name }}',
        body: 'Too large to attach.',
        attach_packet: true,
      })
      expect(created.status).toBe(201)
      const mail = await smtp.waitForMail(
        (m) => m.subject === `The linked packet for ${judge.name}`,
      )
      expect(mail.attachments).toHaveLength(0)
      const url = mail.text!.match(/download it at (\S+) \(the link works until /)?.[1]
      expect(url).toMatch(new RegExp(`^${server.url}/packets/`))
      expect(mail.html).toContain(`href="${url}"`)
      const res = await fetch(url!) // no cookie, no token
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/pdf')
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-')
      // A forged or altered link opens nothing; an expired one says so.
      const token = url!.split('/packets/')[1]!
      const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`
      expect((await fetch(`${server.url}/packets/${forged}`)).status).toBe(404)
      const { signLink } = await import('../app/utils/signed-link.server')
      const expired = signLink(
        'packet',
        { o: org.organization.id, p: org.petition.id },
        new Date(Date.now() - 1000),
      )
      const gone = await fetch(`${server.url}/packets/${expired}`)
      expect(gone.status).toBe(410)
      expect(await gone.text()).toContain('expired')
    } finally {
      delete process.env.VIGIL_PACKET_ATTACH_MAX_MB
      resetEnvCache()
    }
  })
})
