/**
 * The audit log, as an admin reads it at /dashboard/audit: organizers'
 * actions in the dashboard and through the API (a case's status and date,
 * a petition closed, a CSV downloaded, a token created) are there with who
 * did them and when, newest first; the page filters by action, by person
 * and by day; an organizer who is not an admin cannot read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '../app/models/api-token.server'
import { callApi } from './helpers/api'
import { makePetition } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { postForm, startTestServer, type TestServer } from './helpers/server'
import { seedSignatures } from './helpers/signatures'

const ORG = 'Audit Org'
let server: TestServer
let adminCookie: string
let organizerCookie: string
let organizerId: string
let ollyToken: string
let fixture: Awaited<ReturnType<typeof makePetition>>

const clean = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')

function get(path: string, cookie: string) {
  return fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' })
}

/** The log's rows as "Who | Action | What", newest first. */
async function logRows(query = ''): Promise<string[]> {
  const res = await get(`/dashboard/audit${query}`, adminCookie)
  expect(res.status).toBe(200)
  const html = clean(await res.text())
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((m) => [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!))
    .filter((cells) => cells.length === 4)
    .map(([, who, action, what]) => `${who} | ${action} | ${what}`)
}

beforeAll(async () => {
  process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
  server = await startTestServer({ worker: false })
  const admin = await makeOrganizer({ organizationName: ORG, role: 'admin', name: 'Ada Audit' })
  const organizer = await makeOrganizer({
    organizationName: ORG,
    role: 'organizer',
    name: 'Olly Organizer',
  })
  organizerId = organizer.user.id
  adminCookie = await signInCookie(server.url, { email: admin.user.email })
  organizerCookie = await signInCookie(server.url, { email: organizer.user.email })
  fixture = await makePetition({ organizationName: ORG })
  await seedSignatures(
    { petitionId: fixture.petition.id, organizationId: fixture.organization.id },
    [{ name: 'Some Signer' }],
  )

  // Olly, in the dashboard: a stay with a new date, then the petition closed and its CSV.
  const changed = await postForm(
    `${server.url}/dashboard/cases/${fixture.case.id}`,
    {
      intent: 'update',
      personName: fixture.case.personName,
      jurisdiction: 'Texas',
      status: 'stayed',
      nextDate: '2027-03-01T18:00',
      nextDateKind: 'execution',
      timeZone: 'America/Chicago',
      summary: 'A fictional case for tests.',
      note: 'Stay granted',
    },
    { cookie: organizerCookie },
  )
  expect(changed.status).toBe(303)
  const closed = await postForm(
    `${server.url}/dashboard/petitions/${fixture.petition.id}`,
    { intent: 'status', status: 'closed' },
    { cookie: organizerCookie },
  )
  expect(closed.status).toBe(303)
  const csv = await get(`/dashboard/petitions/${fixture.petition.id}/export`, organizerCookie)
  expect(csv.status).toBe(200)
  await csv.arrayBuffer()
  // Olly through the API: the same use case, logged the same way.
  const { token } = await createApiToken({
    userId: organizerId,
    organizationId: fixture.organization.id,
    name: 'olly',
  })
  ollyToken = token
  const api = await callApi(server.url, 'PATCH', `/api/v1/cases/${fixture.case.id}`, {
    token,
    body: { status: 'scheduled' },
  })
  expect(api.status).toBe(200)
  const published = await callApi(server.url, 'POST', '/api/v1/petitions', {
    token,
    body: { case_id: fixture.case.id, title: 'Audit open', status: 'open' },
  })
  expect(published.status).toBe(201)
  // Ada, in the dashboard: a token.
  const created = await postForm(
    `${server.url}/dashboard/tokens`,
    { name: 'Ada script' },
    { cookie: adminCookie },
  )
  expect(created.status).toBe(200)
})

afterAll(async () => {
  await server?.close()
})

describe('the audit log', () => {
  it('is for admins only', async () => {
    expect((await get('/dashboard/audit', organizerCookie)).status).toBe(403)
  })

  it('lists who did what, newest first, from the dashboard and the API', async () => {
    const rows = await logRows()
    const person = fixture.case.personName
    expect(rows).toEqual([
      expect.stringMatching(
        /^Ada Audit <.*> \| API token created \| API token "Ada script" created$/,
      ),
      expect.stringMatching(
        /^Olly Organizer <.*> \| Petition published \| Petition "Audit open" created open$/,
      ),
      expect.stringMatching(
        new RegExp(
          `^Olly Organizer <.*> \\| Case status changed \\| Case ${person}: stayed → scheduled$`,
        ),
      ),
      expect.stringMatching(
        /^Olly Organizer <.*> \| Signatures exported \| Downloaded the signatures of "Spare Test Person \d+"$/,
      ),
      expect.stringMatching(
        /^Olly Organizer <.*> \| Petition closed \| Petition ".*": open → closed$/,
      ),
      expect.stringMatching(
        new RegExp(
          `^Olly Organizer <.*> \\| Case date changed \\| Case ${person}: next date .* → 2027-03-02T00:00:00.000Z$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^Olly Organizer <.*> \\| Case status changed \\| Case ${person}: scheduled → stayed$`,
        ),
      ),
    ])
  })

  it('filters by action, by person and by day', async () => {
    const statuses = await logRows('?action=case.status_changed')
    expect(statuses).toHaveLength(2)
    expect(statuses.every((r) => r.includes('Case status changed'))).toBe(true)

    const olly = await logRows(`?actor=${organizerId}`)
    expect(olly).toHaveLength(6)
    expect(olly.some((r) => r.startsWith('Ada Audit'))).toBe(false)

    // Around today (a day either side, so a run across midnight UTC still holds).
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    expect(await logRows(`?from=${day(-1)}&to=${day(1)}`)).toHaveLength(7)
    expect(await logRows('?from=2020-01-01&to=2020-01-31')).toEqual([])
  })

  it('answers a filter it cannot read with the form again and 400', async () => {
    const res = await get('/dashboard/audit?from=yesterday&action=case.deleted', adminCookie)
    expect(res.status).toBe(400)
    const html = clean(await res.text())
    expect(html).toContain('Enter a date as YYYY-MM-DD.')
    expect(html).toContain('Choose an action from the list.')
  })

  it('logs a case created through the API as its creator', async () => {
    const res = await callApi(server.url, 'POST', '/api/v1/cases', {
      token: ollyToken,
      body: { person_name: 'Newly Added', jurisdiction: 'Texas', status: 'pending' },
    })
    expect(res.status).toBe(201)
    expect(await logRows('?action=case.created')).toEqual([
      expect.stringMatching(
        /^Olly Organizer <.*> \| Case created \| Case Newly Added created \(pending, next date no date\)$/,
      ),
    ])
  })
})
