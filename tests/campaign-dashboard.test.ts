/**
 * Campaigns to signers from the dashboard, as an organizer without
 * JavaScript uses it, over HTTP with the real server (its worker running),
 * real PostgreSQL and a real SMTP server: a message with an unknown merge
 * field is refused beside the field; a draft previews with a real signer's
 * name; a test send reaches the organizer alone; sending reaches every
 * signer once and the page says "N of N sent"; a region limit keeps the
 * rest out; a CSV of suppressions (good and bad rows, errors by line) keeps
 * those addresses out; and an unsubscribed signer gets nothing more.
 */
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { seedSigners, type SeededSigner } from './helpers/campaigns'
import { makePetition } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { eventually, postForm, startTestServer, type TestServer } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

const ORG = 'Campaign Dashboard Org'
let server: TestServer
let smtp: SmtpSink
let cookie: string
let organizerEmail: string
let organizationId: string
let fixture: Awaited<ReturnType<typeof makePetition>>
let texans: SeededSigner[]
let newYorkers: SeededSigner[]
let canadians: SeededSigner[]
/** The latest signer: the preview shows their name. */
let latest: SeededSigner

beforeAll(async () => {
  process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
  fixture = await makePetition({ organizationName: ORG })
  organizationId = fixture.organization.id
  const { user } = await makeOrganizer({ organizationName: ORG })
  organizerEmail = user.email
  cookie = await signInCookie(server.url, { email: user.email })

  const petitionId = fixture.petition.id
  const hourAgo = new Date(Date.now() - 3_600_000)
  // All of them signed from 78701 (Austin, TX) an hour ago; then some moved.
  texans = await seedSigners({ organizationId, petitionId, count: 6, signedAt: hourAgo })
  newYorkers = await seedSigners({ organizationId, petitionId, count: 4, signedAt: hourAgo })
  canadians = await seedSigners({ organizationId, petitionId, count: 2, signedAt: hourAgo })
  await db()`update signatures set postal_code = '10001'
    where supporter_id = any(${newYorkers.map((s) => s.supporterId)}::uuid[])`
  await db()`update signatures set postal_code = 'M5V 2T6', country = 'CA'
    where supporter_id = any(${canadians.map((s) => s.supporterId)}::uuid[])`
  latest = (await seedSigners({ organizationId, petitionId, count: 1 }))[0]!
  await db()`update supporters set name = 'Marisol Quintero' where id = ${latest.supporterId}`
  latest.name = 'Marisol Quintero'
  // Never in an audience: unconfirmed, or did not tick "keep me informed".
  await seedSigners({ organizationId, petitionId, count: 2, status: 'pending' })
  await seedSigners({ organizationId, petitionId, count: 2, subscribe: false })
}, 60_000)

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

const clean = (html: string) => html.replace(/<!-- -->/g, '')

async function get(path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' })
  return { status: res.status, html: clean(await res.text()) }
}

async function post(path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields))
    for (const value of Array.isArray(v) ? v : [v]) body.append(k, value)
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    body,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  })
  return {
    status: res.status,
    location: res.headers.get('location'),
    html: clean(await res.text()),
  }
}

const SUBJECT =
  'Hello {{ supporter.first_name }}: {{ case.days_left }} days for {{ case.person_name }}'
const BODY = `Dear {{ supporter.first_name }},

**{{ petition.title }}** has {{ petition.total_signatures }} signatures. Please share {{ petition.url }}.`

/** Creates a message in the dashboard; returns its id. */
async function createMessage(fields: Record<string, string | string[]> = {}): Promise<string> {
  const res = await post('/dashboard/messages/new', {
    subject: SUBJECT,
    body: BODY,
    petitionIds: [fixture.petition.id],
    ...fields,
  })
  expect(res.status, res.html.slice(0, 500)).toBe(303)
  const match = /^\/dashboard\/messages\/([0-9a-f-]{36})\?done=created$/.exec(res.location ?? '')
  expect(match).not.toBeNull()
  return match![1]!
}

/** Sends it now from its page and waits until the page says everyone was sent it. */
async function sendAndWait(id: string, expected: number): Promise<string> {
  const sent = await post(`/dashboard/messages/${id}`, {
    intent: 'send',
    when: 'now',
    confirm: 'on',
  })
  expect(sent.status).toBe(303)
  expect(sent.location).toBe(`/dashboard/messages/${id}?done=sending`)
  return eventually(
    async () => {
      const page = await get(`/dashboard/messages/${id}`)
      return page.html.includes('>Sent</span>') ? page.html : undefined
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  ).then((html) => {
    expect(html).toContain(`${expected} of ${expected} sent`)
    return html
  })
}

function mailsOf(since: number): ParsedMail[] {
  return smtp.messages.slice(since)
}

const everyone = () => [...texans, ...newYorkers, ...canadians, latest]

describe('campaigns in the dashboard, without JavaScript', () => {
  it('refuses an unknown merge field beside the field and stores nothing', async () => {
    const res = await post('/dashboard/messages/new', {
      subject: 'Hi {{ supporter.nickname }}',
      body: 'Dear {{ supporter.first_name }}, see {{ petition.address }}',
      petitionIds: [fixture.petition.id],
      countries: 'US, XX',
    })
    expect(res.status).toBe(400)
    expect(res.html).toContain('id="f-countries-error"')
    expect(res.html).toContain('XX is not an ISO 3166-1 alpha-2 country code')
    // The countries fixed, the template is what is wrong now.
    const again = await post('/dashboard/messages/new', {
      subject: 'Hi {{ supporter.nickname }}',
      body: 'Dear {{ supporter.first_name }}, see {{ petition.address }}',
      petitionIds: [fixture.petition.id],
      countries: 'US',
    })
    expect(again.status).toBe(400)
    expect(again.html).toMatch(/id="f-subject-error"[^>]*>[^<]*nickname/)
    expect(again.html).toMatch(/id="f-body-error"[^>]*>[^<]*address/)
    // The input is kept.
    expect(again.html).toContain('value="Hi {{ supporter.nickname }}"')
    expect(again.html).toContain('Dear {{ supporter.first_name }}, see {{ petition.address }}')
    // No petition chosen: said beside the list.
    const none = await post('/dashboard/messages/new', { subject: 'Hi', body: 'Hello' })
    expect(none.status).toBe(400)
    expect(none.html).toContain('Choose at least one petition')
    const [row] = await db()<{ n: number }[]>`
      select count(*)::int as n from messages where organization_id = ${organizationId}`
    expect(row!.n).toBe(0)
  })

  it('lists the merge fields on the form and links Campaigns in the nav', async () => {
    const page = await get('/dashboard/messages/new')
    expect(page.status).toBe(200)
    for (const name of ['supporter.first_name', 'case.days_left', 'official.name'])
      expect(page.html).toContain(`{{ ${name} }}`)
    expect(page.html).toContain('href="/dashboard/messages"')
    expect(page.html).toContain(fixture.petition.title)
    // From a petition's page, its signers are one click away, already ticked.
    const petition = await get(`/dashboard/petitions/${fixture.petition.id}`)
    expect(petition.html).toContain(
      `href="/dashboard/messages/new?petitionId=${fixture.petition.id}"`,
    )
    const preset = await get(`/dashboard/messages/new?petitionId=${fixture.petition.id}`)
    expect(preset.html).toMatch(
      new RegExp(
        `<input type="checkbox" name="petitionIds" checked="" value="${fixture.petition.id}"`,
      ),
    )
  })

  let firstId: string

  it('previews a draft with a real signer, and a test send reaches the organizer alone', async () => {
    firstId = await createMessage()
    const page = await get(`/dashboard/messages/${firstId}?done=created`)
    expect(page.status).toBe(200)
    expect(page.html).toContain('Draft saved.')
    expect(page.html).toContain('As <strong>Marisol Quintero</strong> would get it')
    expect(page.html).toContain(`Hello Marisol: `)
    // The HTML part in a sandboxed frame, the text part as text.
    expect(page.html).toMatch(/<iframe[^>]*sandbox=""[^>]*srcDoc="[^"]*Dear Marisol/i)
    expect(page.html).toContain(`Dear Marisol,`)
    expect(page.html).toContain(`${server.url}/petitions/${fixture.petition.slug}`)
    expect(page.html).toContain(`Would reach <strong>${everyone().length}</strong> signers now.`)

    const before = smtp.messages.length
    const test = await post(`/dashboard/messages/${firstId}`, { intent: 'test' })
    expect(test.status).toBe(303)
    expect(test.location).toBe(`/dashboard/messages/${firstId}?done=test`)
    const mail = await smtp.waitForMail(
      (m) => m.subject?.startsWith('[Test] Hello Marisol') ?? false,
    )
    expect(recipient(mail)).toBe(organizerEmail)
    expect(mail.text).toContain('Dear Marisol,')
    await new Promise((r) => setTimeout(r, 500))
    expect(mailsOf(before).map(recipient)).toEqual([organizerEmail])
    // A test is not a send: the draft is still a draft.
    expect((await get(`/dashboard/messages/${firstId}`)).html).toContain('>Draft</span>')
  })

  it('edits a draft, refusing a broken template beside the field', async () => {
    const bad = await post(`/dashboard/messages/${firstId}`, {
      intent: 'save',
      subject: SUBJECT,
      body: 'Dear {{ supporter.nick }}',
      petitionIds: [fixture.petition.id],
    })
    expect(bad.status).toBe(400)
    expect(bad.html).toMatch(/id="f-body-error"[^>]*>[^<]*nick/)
    const [row] = await db()<{ body: string }[]>`select body from messages where id = ${firstId}`
    expect(row!.body).toBe(BODY)
    const good = await post(`/dashboard/messages/${firstId}`, {
      intent: 'save',
      subject: SUBJECT,
      body: `${BODY}\n\nThank you.`,
      petitionIds: [fixture.petition.id],
    })
    expect(good.status).toBe(303)
    expect(good.location).toBe(`/dashboard/messages/${firstId}?done=saved`)
  })

  it('sends to every subscribed signer once and says "N of N sent"', async () => {
    const before = smtp.messages.length
    const all = everyone()
    const html = await sendAndWait(firstId, all.length)
    expect(html).toMatch(/<progress[^>]*max="13"[^>]*value="13"/)
    await new Promise((r) => setTimeout(r, 300))
    const mails = mailsOf(before)
    expect(mails.map(recipient).sort()).toEqual(all.map((s) => s.email).sort())
    const marisol = mails.find((m) => recipient(m) === latest.email)!
    expect(marisol.subject).toMatch(/^Hello Marisol: \d+ days for Test Person/)
    expect(marisol.text).toContain('Thank you.')
    // The list shows it.
    const list = await get('/dashboard/messages')
    expect(list.html).toContain(`${all.length} of ${all.length}`)
    expect(list.html).toContain('Hello [first name]')
    // Sent is final: no second send.
    const again = await post(`/dashboard/messages/${firstId}`, {
      intent: 'send',
      when: 'now',
      confirm: 'on',
    })
    expect(again.status).toBe(409)
  })

  it('limits a campaign to signers in a region', async () => {
    const id = await createMessage({ countries: 'us', postalPrefixes: '100' })
    const draft = await get(`/dashboard/messages/${id}`)
    expect(draft.html).toContain('Only in US, postal codes starting 100.')
    expect(draft.html).toContain(`Would reach <strong>${newYorkers.length}</strong> signers now.`)
    // The preview is someone from there.
    expect(draft.html).toMatch(/As <strong>Given\d+ Family\d+<\/strong> would get it/)
    const before = smtp.messages.length
    await sendAndWait(id, newYorkers.length)
    await new Promise((r) => setTimeout(r, 300))
    expect(mailsOf(before).map(recipient).sort()).toEqual(newYorkers.map((s) => s.email).sort())

    const canada = await createMessage({ countries: 'CA', postalPrefixes: 'm5v' })
    const sinceCanada = smtp.messages.length
    await sendAndWait(canada, canadians.length)
    await new Promise((r) => setTimeout(r, 300))
    expect(mailsOf(sinceCanada).map(recipient).sort()).toEqual(canadians.map((s) => s.email).sort())
  })

  it('shows a template that no longer renders beside its field, and refuses to send it', async () => {
    const other = await makePetition({ organizationName: ORG })
    await seedSigners({ organizationId, petitionId: other.petition.id, count: 1 })
    const id = await createMessage({
      subject: 'Until {{ case.next_date }}',
      body: 'Dear {{ supporter.first_name }}, {{ case.days_left }} days.',
      petitionIds: [other.petition.id],
    })
    // The case loses its date after the draft was saved.
    await db()`update cases set next_date = null where id = ${other.case.id}`
    const page = await get(`/dashboard/messages/${id}`)
    expect(page.status).toBe(200)
    expect(page.html).toContain('This message does not render')
    expect(page.html).toMatch(/id="f-subject-error"[^>]*>[^<]*next_date/)
    expect(page.html).toMatch(/id="f-body-error"[^>]*>[^<]*days_left/)
    const before = smtp.messages.length
    const attempts: Record<string, string>[] = [
      { intent: 'send', when: 'now', confirm: 'on' },
      { intent: 'test' },
    ]
    for (const fields of attempts) {
      const res = await post(`/dashboard/messages/${id}`, fields)
      expect(res.status).toBe(400)
      expect(res.html).toMatch(/id="f-subject-error"[^>]*>[^<]*next_date/)
    }
    const missing = await post(`/dashboard/messages/${id}`, { intent: 'send' })
    expect(missing.status).toBe(400)
    expect(missing.html).toContain('Choose now, a time, or hours before the deadline.')
    const [row] = await db()<{ status: string }[]>`select status from messages where id = ${id}`
    expect(row!.status).toBe('draft')
    await new Promise((r) => setTimeout(r, 300))
    expect(smtp.messages.length).toBe(before)
  })

  it('schedules at a time or hours before the deadline, and cancels', async () => {
    const id = await createMessage()
    const past = await post(`/dashboard/messages/${id}`, {
      intent: 'send',
      when: 'later',
      scheduledAt: '2020-01-01T10:00',
      timeZone: 'America/Chicago',
    })
    expect(past.status).toBe(400)
    expect(past.html).toContain('That time has passed.')
    const scheduled = await post(`/dashboard/messages/${id}`, {
      intent: 'send',
      when: 'later',
      scheduledAt: '2099-12-03T18:00',
      timeZone: 'America/Chicago',
    })
    expect(scheduled.status).toBe(303)
    expect(scheduled.location).toBe(`/dashboard/messages/${id}?done=scheduled`)
    const [row] = await db()<{ status: string; scheduledAt: Date }[]>`
      select status, scheduled_at from messages where id = ${id}`
    expect(row!.status).toBe('scheduled')
    expect(row!.scheduledAt.toISOString()).toBe('2099-12-04T00:00:00.000Z')
    const page = await get(`/dashboard/messages/${id}`)
    expect(page.html).toMatch(/Scheduled for <strong>Thu, Dec 3, 2099, 6:00\sPM CST<\/strong>/)
    // Timed by the case's date instead: 48 hours before it, following it.
    const tooEarly = await post(`/dashboard/messages/${id}`, {
      intent: 'send',
      when: 'deadline',
      hoursBeforeDeadline: '200',
    })
    expect(tooEarly.status).toBe(400)
    expect(tooEarly.html).toMatch(
      /id="f-hoursBeforeDeadline-error"[^>]*>The deadline is only \d+ hours away/,
    )
    const notNumber = await post(`/dashboard/messages/${id}`, {
      intent: 'send',
      when: 'deadline',
      hoursBeforeDeadline: 'two days',
    })
    expect(notNumber.status).toBe(400)
    expect(notNumber.html).toContain('Enter a whole number of hours.')
    const timed = await post(`/dashboard/messages/${id}`, {
      intent: 'send',
      when: 'deadline',
      hoursBeforeDeadline: '48',
    })
    expect(timed.status).toBe(303)
    expect(timed.location).toBe(`/dashboard/messages/${id}?done=deadline`)
    const [timedRow] = await db()<{ scheduledAt: Date; hoursBeforeDeadline: number }[]>`
      select scheduled_at, hours_before_deadline from messages where id = ${id}`
    expect(timedRow!.hoursBeforeDeadline).toBe(48)
    expect(timedRow!.scheduledAt.getTime()).toBe(fixture.case.nextDate!.getTime() - 48 * 3_600_000)
    expect((await get(`/dashboard/messages/${id}`)).html).toContain(
      '48 hours before the case’s date (it moves when the date moves)',
    )
    const cancelled = await post(`/dashboard/messages/${id}`, { intent: 'cancel' })
    expect(cancelled.status).toBe(303)
    expect((await get(`/dashboard/messages/${id}`)).html).toContain('>Cancelled</span>')
  })

  it('imports suppressions from CSV, reports bad rows by line, and campaigns skip them', async () => {
    const [a, b] = texans
    const csv = [
      'Email,Reason,Detail',
      `${a!.email.toUpperCase()},bounce,550 mailbox unavailable`,
      `${b!.email},,`,
      'not-an-address,bounce,',
      'someone@example.net,snoozed,',
      `${a!.email},complaint,again`,
      '"unterminated@example.net,manual,',
    ].join('\n')
    const upload = async () => {
      const form = new FormData()
      form.append('intent', 'import')
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'relay-export.csv')
      const res = await fetch(`${server.url}/dashboard/suppressions`, {
        method: 'POST',
        body: form,
        headers: { cookie },
        redirect: 'manual',
      })
      return { status: res.status, html: clean(await res.text()) }
    }
    const first = await upload()
    expect(first.status, first.html.match(/form-alert[^<]*<[^<]*/g)?.join()).toBe(200)
    expect(first.html).toContain('6 rows read: 2 added, 1 already on the list, 3 with problems')
    expect(first.html).toMatch(/<td>4<\/td><td>The email is not a valid address\.<\/td>/)
    expect(first.html).toMatch(/<td>5<\/td><td>The reason &quot;snoozed&quot; is not one of/)
    expect(first.html).toMatch(/<td>7<\/td><td>This line is not valid CSV: Quote Not Closed/)
    // Idempotent: the same file again adds nothing.
    const second = await upload()
    expect(second.html).toContain('0 added, 3 already on the list, 3 with problems')
    const rows = await db()<{ emailCanonical: string; reason: string; detail: string | null }[]>`
      select email_canonical, reason, detail from suppressions
      where organization_id = ${organizationId} order by email_canonical`
    expect(rows).toEqual(
      [
        { emailCanonical: a!.email, reason: 'bounce', detail: '550 mailbox unavailable' },
        { emailCanonical: b!.email, reason: 'manual', detail: null },
      ].sort((x, y) => x.emailCanonical.localeCompare(y.emailCanonical)),
    )
    const page = await get('/dashboard/suppressions')
    expect(page.html).toContain(a!.email)
    expect(page.html).toContain('Bounced')

    const id = await createMessage()
    const before = smtp.messages.length
    const expected = everyone().filter((s) => s !== a && s !== b)
    await sendAndWait(id, expected.length)
    await new Promise((r) => setTimeout(r, 300))
    const got = mailsOf(before).map(recipient)
    expect(got).not.toContain(a!.email)
    expect(got).not.toContain(b!.email)
    expect(got.sort()).toEqual(expected.map((s) => s.email).sort())
  })

  it('adds and removes a manual suppression, but keeps a bounce', async () => {
    const bad = await post('/dashboard/suppressions', { intent: 'add', email: 'nope' })
    expect(bad.status).toBe(400)
    expect(bad.html).toContain('id="add-email-error"')
    const added = await post('/dashboard/suppressions', {
      intent: 'add',
      email: 'Mistake@Example.net',
      detail: 'asked by phone',
    })
    expect(added.status).toBe(303)
    expect(added.location).toBe('/dashboard/suppressions?done=added')
    expect((await get('/dashboard/suppressions?q=mistake')).html).toContain('mistake@example.net')
    const removed = await post('/dashboard/suppressions', {
      intent: 'remove',
      email: 'mistake@example.net',
    })
    expect(removed.status).toBe(303)
    const bounce = await post('/dashboard/suppressions', {
      intent: 'remove',
      email: texans[0]!.email,
    })
    expect(bounce.status).toBe(409)
    const missing = await post('/dashboard/suppressions', {
      intent: 'remove',
      email: 'never@example.net',
    })
    expect(missing.status).toBe(404)
  })

  it('streams a large upload into the list (larger than any form field may be)', async () => {
    const lines = ['email,reason']
    for (let i = 0; i < 60_000; i++) lines.push(`relay.bounce.${i}@mailbox.example,bounce`)
    const file = new Blob([lines.join('\n')], { type: 'text/csv' })
    expect(file.size).toBeGreaterThan(2 * 1024 * 1024)
    const form = new FormData()
    form.append('intent', 'import')
    form.append('file', file, 'bounces.csv')
    const res = await fetch(`${server.url}/dashboard/suppressions`, {
      method: 'POST',
      body: form,
      headers: { cookie },
      redirect: 'manual',
    })
    const html = clean(await res.text())
    expect(res.status).toBe(200)
    expect(html).toContain('60,000 rows read: 60,000 added, 0 already on the list, 0 with problems')
    const page = await get('/dashboard/suppressions?q=relay.bounce.59999@')
    expect(page.html).toContain('relay.bounce.59999@mailbox.example')
    expect(page.html).toContain('1 address')
  })

  it('sends nothing more to a signer who unsubscribed', async () => {
    const leaver = newYorkers[0]!
    const unsubscribed = await postForm(`${server.url}/unsubscribe/${leaver.unsubscribeToken}`, {})
    expect(unsubscribed.status).toBe(200)
    const id = await createMessage()
    const before = smtp.messages.length
    const expected = everyone().filter((s) => s !== leaver && s !== texans[0] && s !== texans[1])
    await sendAndWait(id, expected.length)
    await new Promise((r) => setTimeout(r, 300))
    const got = mailsOf(before).map(recipient)
    expect(got).not.toContain(leaver.email)
    expect(got.sort()).toEqual(expected.map((s) => s.email).sort())
    // The suppression list shows them, and they cannot be taken off it here.
    const list = await get(`/dashboard/suppressions?q=${encodeURIComponent(leaver.email)}`)
    expect(list.html).toMatch(
      new RegExp(`${leaver.email.replace(/\./g, '\\.')}</td><td[^>]*>Unsubscribed<`),
    )
    const remove = await post('/dashboard/suppressions', { intent: 'remove', email: leaver.email })
    expect(remove.status).toBe(409)
    expect(remove.html).toContain('which an organizer cannot undo')
  })
})

describe('sending asks first (the first visit)', () => {
  it('names how many will get it, and sends nothing until the organizer ticks it', async () => {
    const id = await createMessage()
    const page = await get(`/dashboard/messages/${id}`)
    // The number the page shows beside "Reach" (the audience now) is the one asked about.
    const reach = /Yes, send it now to (\d+) people\./.exec(page.html)?.[1]
    expect(Number(reach)).toBeGreaterThan(0)
    const unticked = await post(`/dashboard/messages/${id}`, { intent: 'send', when: 'now' })
    expect(unticked.status).toBe(400)
    expect(unticked.html).toContain('Tick the box that says how many people will get it.')
    const [row] = await db()<{ status: string }[]>`select status from messages where id = ${id}`
    expect(row!.status).toBe('draft')
  })

  it('says plainly when nobody would receive it', async () => {
    const id = await createMessage({ countries: 'FR' })
    const page = await get(`/dashboard/messages/${id}`)
    expect(page.html).toContain('nobody would receive it')
    expect(page.html).toContain('(0 people)')
  })

  it('lists messages by readable titles, never raw merge tags', async () => {
    await createMessage()
    const list = await get('/dashboard/messages')
    expect(list.html).toContain('Hello [first name]: [days left] days for [person name]')
    expect(list.html).not.toContain('{{')
  })
})
