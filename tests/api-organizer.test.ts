/**
 * The organizer API over real HTTP, as a script with a token uses it:
 * cases and their timeline, officials, petitions, signatures (list, CSV,
 * and the public record_signature helper with its confirmation mail).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { eventually, postForm, startTestServer, type TestServer } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

let smtp: SmtpSink
let server: TestServer
let org: Awaited<ReturnType<typeof makeApiOrganization>>

beforeAll(async () => {
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
  org = await makeApiOrganization()
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

const api = (method: string, path: string, body?: unknown, token: string | null = org.token) =>
  callApi(server.url, method, `/api/v1${path}`, { token, body })

const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/

describe('cases', () => {
  it('creates a case with its governor, changes its status and date, and shows the timeline', async () => {
    const governor = await api('POST', '/officials', {
      name: 'Gov. Greg Example',
      title: 'Governor',
      office: 'Office of the Governor',
      jurisdiction: 'Texas',
      email: 'governor@tx.example',
      phone: '+1 512 555 0100',
    })
    expect(governor.status).toBe(201)
    expect(governor.body).toMatchObject({
      name: 'Gov. Greg Example',
      identifiers: [`vigil:${governor.body.id}`],
    })

    const created = await api('POST', '/cases', {
      person_name: 'Robert Example',
      case_number: 'WR-12,345-01',
      jurisdiction: 'Texas',
      court: 'Texas Court of Criminal Appeals',
      status: 'scheduled',
      next_date: '2027-01-14T18:00:00-06:00',
      next_date_kind: 'execution',
      time_zone: 'America/Chicago',
      summary: 'Convicted on **junk science**.',
      sources: ['https://news.example/story'],
      decision_makers: [{ official_id: governor.body.id, role: 'governor' }],
    })
    expect(created.status).toBe(201)
    const kase = created.body
    expect(kase).toMatchObject({
      identifiers: [`vigil:${kase.id}`],
      person_name: 'Robert Example',
      status: 'scheduled',
      next_date: '2027-01-15T00:00:00.000Z',
      next_date_kind: 'execution',
      time_zone: 'America/Chicago',
      sources: ['https://news.example/story'],
      decision_makers: [{ official_id: governor.body.id, role: 'governor' }],
    })
    expect(kase.slug).toMatch(/^robert-example-/)
    expect(kase.browser_url).toBe(`${server.url}/cases/${kase.slug}`)
    expect(kase.created_date).toMatch(ISO_WITH_OFFSET)

    const patched = await api('PATCH', `/cases/${kase.id}`, {
      status: 'stayed',
      next_date: null,
      note: 'Stay granted by the CCA',
      source_url: 'https://court.example/stay.pdf',
    })
    expect(patched.status).toBe(200)
    expect(patched.body.status).toBe('stayed')
    expect(patched.body.next_date).toBeNull()
    const kinds = patched.body.timeline.map((e: { kind: string }) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['status_changed', 'date_changed', 'created']))
    const statusEvent = patched.body.timeline.find(
      (e: { kind: string }) => e.kind === 'status_changed',
    )
    expect(statusEvent).toMatchObject({
      from_status: 'scheduled',
      to_status: 'stayed',
      note: 'Stay granted by the CCA',
      source_url: 'https://court.example/stay.pdf',
    })

    const event = await api('POST', `/cases/${kase.id}/events`, {
      kind: 'clemency_denied',
      occurred_at: '2026-11-20T10:00:00-06:00',
      note: 'Board voted 7-0',
      source_url: 'https://board.example/vote',
    })
    expect(event.status).toBe(201)
    expect(event.body).toMatchObject({
      kind: 'clemency_denied',
      occurred_at: '2026-11-20T16:00:00.000Z',
    })

    const fetched = await api('GET', `/cases/${kase.id}`)
    expect(fetched.status).toBe(200)
    expect(fetched.body.timeline.map((e: { kind: string }) => e.kind)).toContain('clemency_denied')

    // The public case page shows the timeline.
    const page = await fetch(kase.browser_url)
    expect(await page.text()).toContain('Board voted 7-0')

    const list = await api('GET', '/cases?per_page=1&page=1')
    expect(list.status).toBe(200)
    expect(list.body).toMatchObject({ total_records: 2, total_pages: 2, page: 1, per_page: 1 })
    expect(list.body._embedded['osdi:cases']).toHaveLength(1)
    const search = await api('GET', '/cases?q=robert')
    expect(search.body._embedded['osdi:cases'].map((c: { id: string }) => c.id)).toEqual([kase.id])
  })

  it('answers 400 for a body that is not JSON and 422 with fields for one that is invalid', async () => {
    const bad = await api('POST', '/cases', '{"person_name": ')
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toBeTruthy()
    const invalid = await api('POST', '/cases', {
      jurisdiction: 'Texas',
      status: 'asleep',
      time_zone: 'Mars/Olympus_Mons',
      next_date: '2027-01-14 18:00',
      sources: ['not a url'],
    })
    expect(invalid.status).toBe(422)
    expect(Object.keys(invalid.body.error.fields).sort()).toEqual(
      ['next_date', 'person_name', 'sources.0', 'status', 'time_zone'].sort(),
    )
    const array = await api('POST', '/cases', [])
    expect(array.status).toBe(422)
    const patch = await api('PATCH', `/cases/${org.case.id}`, { next_date_kind: 'lunch' })
    expect(patch.status).toBe(422)
    expect(patch.body.error.fields.next_date_kind).toBeTruthy()
    const reserved = await api('POST', `/cases/${org.case.id}/events`, { kind: 'status_changed' })
    expect(reserved.status).toBe(422)
    const foreignOfficial = await api('POST', '/cases', {
      person_name: 'X',
      jurisdiction: 'Y',
      decision_makers: [{ official_id: '00000000-0000-4000-8000-000000000000', role: 'judge' }],
    })
    expect(foreignOfficial.status).toBe(422)
    expect(foreignOfficial.body.error.fields.decision_makers).toBeTruthy()
  })

  it('keeps time zones as IANA names: canonical spelling, no bare offsets', async () => {
    const lower = await api('PATCH', `/cases/${org.case.id}`, { time_zone: 'america/chicago' })
    expect(lower.status).toBe(200)
    expect(lower.body.time_zone).toBe('America/Chicago')
    for (const zone of ['+05:00', '', 'Mars/Olympus_Mons']) {
      const res = await api('PATCH', `/cases/${org.case.id}`, { time_zone: zone })
      expect(res.status).toBe(422)
      expect(res.body.error.fields.time_zone).toBeTruthy()
    }
  })

  it('answers 401 without a valid token and 404 for an unknown id', async () => {
    for (const token of [null, 'vigil_not-a-real-token']) {
      const res = await api('POST', '/cases', { person_name: 'X', jurisdiction: 'Y' }, token)
      expect(res.status).toBe(401)
      expect(res.body.error.message).toBeTruthy()
    }
    expect((await api('GET', '/cases/00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await api('GET', '/cases/not-an-id')).status).toBe(404)
    expect((await api('DELETE', `/cases/${org.case.id}`)).status).toBe(405)
  })
})

describe('officials', () => {
  it('creates, lists, reads and changes officials; a taken email is a 409', async () => {
    const created = await api('POST', '/officials', {
      name: 'Board Chair',
      email: 'chair@board.example',
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ title: null, office: null, email: 'chair@board.example' })
    const again = await api('POST', '/officials', { name: 'Copy', email: 'CHAIR@board.example' })
    expect(again.status).toBe(409)
    expect(again.body.error.fields.email).toBeTruthy()
    const patched = await api('PATCH', `/officials/${created.body.id}`, { title: 'Chair' })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ name: 'Board Chair', title: 'Chair' })
    expect((await api('GET', `/officials/${created.body.id}`)).body.title).toBe('Chair')
    const list = await api('GET', '/officials?q=chair')
    expect(list.body._embedded['osdi:officials'].map((o: { id: string }) => o.id)).toEqual([
      created.body.id,
    ])
    const invalid = await api('POST', '/officials', { name: '', email: 'nope' })
    expect(invalid.status).toBe(422)
    expect(Object.keys(invalid.body.error.fields).sort()).toEqual(['email', 'name'])
  })
})

describe('petitions', () => {
  it('creates a draft aimed at the case’s decision makers, opens, closes and reopens it', async () => {
    const created = await api('POST', '/petitions', {
      case_id: org.case.id,
      title: 'Grant clemency',
      body: 'Please **grant** clemency.',
      goal: 500,
    })
    expect(created.status).toBe(201)
    const petition = created.body
    expect(petition).toMatchObject({
      identifiers: [`vigil:${petition.id}`],
      status: 'draft',
      goal: 500,
      total_signatures: 0,
      case_id: org.case.id,
      targets: [{ id: org.governor.id }],
    })
    expect(petition.deadline).toMatch(ISO_WITH_OFFSET)

    // A draft is not public, but its organization sees it.
    expect((await api('GET', `/petitions/${petition.id}`, undefined, null)).status).toBe(404)
    expect((await api('GET', `/petitions/${petition.id}`)).body.status).toBe('draft')

    const opened = await api('PATCH', `/petitions/${petition.id}`, { status: 'open' })
    expect(opened.status).toBe(200)
    expect(opened.body.status).toBe('open')
    expect((await api('GET', `/petitions/${petition.id}`, undefined, null)).status).toBe(200)
    const closed = await api('PATCH', `/petitions/${petition.id}`, {
      status: 'closed',
      title: 'Clemency (closed)',
    })
    expect(closed.body).toMatchObject({ status: 'closed', title: 'Clemency (closed)' })
    const back = await api('PATCH', `/petitions/${petition.id}`, { status: 'draft' })
    expect(back.status).toBe(409)
    const reopened = await api('PATCH', `/petitions/${petition.id}`, { status: 'open' })
    expect(reopened.body.status).toBe('open')
  })

  it('takes explicit targets, and refuses unknown cases, targets and statuses', async () => {
    const ag = await api('POST', '/officials', { name: 'Attorney General' })
    const created = await api('POST', '/petitions', {
      case_id: org.case.id,
      title: 'To the AG',
      target_ids: [ag.body.id],
      status: 'open',
    })
    expect(created.status).toBe(201)
    expect(created.body.targets.map((t: { id: string }) => t.id)).toEqual([ag.body.id])
    const retarget = await api('PATCH', `/petitions/${created.body.id}`, {
      target_ids: [org.governor.id, ag.body.id],
    })
    expect(retarget.body.targets).toHaveLength(2)

    const unknownCase = await api('POST', '/petitions', {
      case_id: '00000000-0000-4000-8000-000000000000',
      title: 'X',
    })
    expect(unknownCase.status).toBe(422)
    expect(unknownCase.body.error.fields.case_id).toBeTruthy()
    const unknownTarget = await api('POST', '/petitions', {
      case_id: org.case.id,
      title: 'X',
      target_ids: ['nope'],
    })
    expect(unknownTarget.status).toBe(422)
    expect(unknownTarget.body.error.fields.target_ids).toBeTruthy()
    const won = await api('POST', '/petitions', { case_id: org.case.id, title: 'X', status: 'won' })
    expect(won.status).toBe(422)
    const goal = await api('PATCH', `/petitions/${created.body.id}`, { goal: 0 })
    expect(goal.status).toBe(422)
    expect((await api('PATCH', `/petitions/${created.body.id}`, 'nope')).status).toBe(400)
  })
})

describe('signatures', () => {
  const helperBody = (email: string, overrides: Record<string, unknown> = {}) => ({
    person: {
      given_name: 'Ada',
      family_name: 'Lovelace',
      email_addresses: [{ address: email }],
      postal_addresses: [{ postal_code: '78701', locality: 'Austin', country: 'US' }],
    },
    comments: 'Spare him.',
    subscribe: true,
    public: true,
    ...overrides,
  })

  it('records a public signature, mails its confirmation, and answers a repeat the same', async () => {
    const email = `ada.${Date.now()}@example.org`
    const path = `/petitions/${org.petition.id}/signatures`
    const first = await api('POST', path, helperBody(email), null)
    expect(first.status).toBe(202)
    expect(first.body).toEqual({ status: 'pending_confirmation' })
    const mail = await smtp.waitForMail((m) => recipient(m).includes(email))
    expect(mail.text).toMatch(/\/confirm\/[\w-]+/)
    const again = await api('POST', path, helperBody(email.toUpperCase()), null)
    expect(again.status).toBe(202)
    expect(again.body).toEqual({ status: 'pending_confirmation' })
    const rows = await db()<{ name: string; comment: string; subscribe: boolean }[]>`
      select name, comment, subscribe from signatures
      where petition_id = ${org.petition.id} and email_canonical = ${email.toLowerCase()}`
    expect(rows).toEqual([{ name: 'Ada Lovelace', comment: 'Spare him.', subscribe: true }])
  })

  it('takes a signature sent from another site’s page', async () => {
    const res = await fetch(`${server.url}/api/v1/petitions/${org.petition.id}/signatures`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'https://campaign-partner.example',
        'sec-fetch-site': 'cross-site',
      },
      body: JSON.stringify(helperBody(`partner.${Date.now()}@example.org`)),
    })
    expect(res.status).toBe(202)
  })

  it('applies the sign form’s rules, and refuses a closed or draft petition with 409', async () => {
    const path = `/petitions/${org.petition.id}/signatures`
    const invalid = await api(
      'POST',
      path,
      helperBody('not-an-email', {
        person: {
          given_name: '=cmd',
          email_addresses: [{ address: 'not-an-email' }],
          postal_addresses: [{ postal_code: 'ABC', country: 'US' }],
        },
      }),
      null,
    )
    expect(invalid.status).toBe(422)
    expect(Object.keys(invalid.body.error.fields).sort()).toEqual([
      'person.email_addresses.0.address',
      'person.given_name',
      'person.postal_addresses.0.postal_code',
    ])
    const shape = await api('POST', path, { person: { given_name: 'X' } }, null)
    expect(shape.status).toBe(422)
    expect((await api('POST', path, '{oops', null)).status).toBe(400)

    const draft = await api('POST', '/petitions', { case_id: org.case.id, title: 'Draft' })
    const toDraft = await api(
      'POST',
      `/petitions/${draft.body.id}/signatures`,
      helperBody('d@example.org'),
      null,
    )
    expect(toDraft.status).toBe(409)
    await api('PATCH', `/petitions/${draft.body.id}`, { status: 'open' })
    await api('PATCH', `/petitions/${draft.body.id}`, { status: 'closed' })
    const toClosed = await api(
      'POST',
      `/petitions/${draft.body.id}/signatures`,
      helperBody('c@example.org'),
      null,
    )
    expect(toClosed.status).toBe(409)
    const unknown = await api(
      'POST',
      '/petitions/00000000-0000-4000-8000-000000000000/signatures',
      helperBody('u@example.org'),
      null,
    )
    expect(unknown.status).toBe(404)
  })

  it('lists the signatures with emails, paginated and searchable, and exports them as CSV', async () => {
    const created = await api('POST', '/petitions', {
      case_id: org.case.id,
      title: 'Listed',
      status: 'open',
    })
    const id = created.body.id
    for (const [given, family, locality] of [
      ['Grace', 'Hopper', 'Arlington, VA'],
      ['Alan', 'Turing', '=HYPERLINK("x")'],
      ['Katherine', 'Johnson', 'Hampton'],
    ])
      expect(
        (
          await api(
            'POST',
            `/petitions/${id}/signatures`,
            helperBody(`${given!.toLowerCase()}@example.org`, {
              person: {
                given_name: given,
                family_name: family,
                email_addresses: [{ address: `${given!.toLowerCase()}@example.org` }],
                postal_addresses: [{ postal_code: '22201', locality, country: 'US' }],
              },
            }),
            null,
          )
        ).status,
      ).toBe(202)
    expect((await api('GET', `/petitions/${id}/signatures`, undefined, null)).status).toBe(401)
    const page1 = await api('GET', `/petitions/${id}/signatures?per_page=2`)
    expect(page1.status).toBe(200)
    expect(page1.body).toMatchObject({ total_records: 3, total_pages: 2, page: 1, per_page: 2 })
    const first = page1.body._embedded['osdi:signatures'][0]
    expect(first).toMatchObject({
      identifiers: [`vigil:${first.id}`],
      status: 'pending',
      person: {
        given_name: 'Katherine',
        family_name: 'Johnson',
        email_addresses: [{ address: 'katherine@example.org' }],
      },
    })
    expect(first.created_date).toMatch(ISO_WITH_OFFSET)
    const page2 = await api('GET', `/petitions/${id}/signatures?per_page=2&page=2`)
    expect(page2.body._embedded['osdi:signatures']).toHaveLength(1)
    const search = await api('GET', `/petitions/${id}/signatures?q=gra`)
    expect(search.body.total_records).toBe(1)
    expect((await api('GET', `/petitions/${id}/signatures?per_page=500`)).status).toBe(422)
    expect((await api('GET', `/petitions/${id}/signatures?status=lost`)).status).toBe(422)

    // The CSV holds the confirmed signatures by default; confirm two of them.
    await db()`
      update signatures set status = 'confirmed', confirmed_at = now()
      where petition_id = ${id} and email in ('grace@example.org', 'alan@example.org')`
    const res = await fetch(`${server.url}/api/v1/petitions/${id}/signatures.csv`, {
      headers: { authorization: `Bearer ${org.token}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/)
    const lines = (await res.text()).trimEnd().split('\n')
    expect(lines[0]).toBe('name,locality,postal_code,country,signed_at,comment,email')
    expect(lines).toHaveLength(3)
    expect(lines.find((l) => l.startsWith('Alan'))).toContain(`"'=HYPERLINK(""x"")"`)
    expect(lines.find((l) => l.startsWith('Grace'))).toContain('"Arlington, VA"')
    const anonymous = await fetch(`${server.url}/api/v1/petitions/${id}/signatures.csv`)
    expect(anonymous.status).toBe(401)
    const withoutEmails = await fetch(
      `${server.url}/api/v1/petitions/${id}/signatures.csv?include_emails=false&status=all`,
      { headers: { authorization: `Bearer ${org.token}` } },
    )
    const text = await withoutEmails.text()
    expect(text).not.toContain('@example.org')
    expect(text.trimEnd().split('\n')).toHaveLength(4)
  })

  it('counts a signature confirmed through the helper’s mail', async () => {
    const email = `counted.${Date.now()}@example.org`
    const created = await api('POST', '/petitions', {
      case_id: org.case.id,
      title: 'Counted',
      status: 'open',
    })
    await api('POST', `/petitions/${created.body.id}/signatures`, helperBody(email), null)
    const mail = await smtp.waitForMail((m) => recipient(m).includes(email))
    const link = /(http:\/\/\S+\/confirm\/[\w-]+)/.exec(mail.text ?? '')![1]!
    const confirmed = await postForm(link, { intent: 'confirm' }, { origin: server.url })
    expect(confirmed.status).toBe(200)
    await eventually(async () => {
      const res = await api('GET', `/petitions/${created.body.id}`, undefined, null)
      return res.body.total_signatures === 1 ? true : undefined
    })
  })
})
