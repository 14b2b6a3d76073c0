/**
 * The iCalendar feeds of the contract, parsed with an iCalendar parser
 * (ical.js): one event per case at its next date (UTC), a UID that stays
 * when the date moves (SEQUENCE counts the moves), gone once the case is
 * resolved; the public feed shows only cases with a published petition,
 * the private secret feed and the API every case of the organization.
 */
import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPetition } from '../app/models/petition.server'
import { createCase } from '../app/models/case.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer
let org: Awaited<ReturnType<typeof makeApiOrganization>>
let draftCaseId: string

interface FeedEvent {
  uid: string
  start: Date
  sequence: number
  summary: string
  status: string | null
}

async function feed(path: string, headers: Record<string, string> = {}): Promise<FeedEvent[]> {
  const res = await fetch(`${server.url}${path}`, { headers })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/calendar')
  const calendar = new ICAL.Component(ICAL.parse(await res.text()))
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const event = new ICAL.Event(v)
    return {
      uid: event.uid,
      start: event.startDate.toJSDate(),
      sequence: event.sequence,
      summary: event.summary,
      status: (v.getFirstPropertyValue('status') as string | null) ?? null,
    }
  })
}

const uidOf = (caseId: string) => `case-${caseId}@vigil`

beforeAll(async () => {
  server = await startTestServer({ worker: false })
  org = await makeApiOrganization('Calendar Test Org')
  const draftCase = await createCase({
    organizationId: org.organization.id,
    personName: 'Drafted Person',
    jurisdiction: 'Oklahoma',
    status: 'scheduled',
    nextDate: new Date(Date.now() + 9 * 86_400_000),
    nextDateKind: 'clemency_hearing',
    timeZone: 'America/Chicago',
  })
  draftCaseId = draftCase.id
  await createPetition({
    organizationId: org.organization.id,
    caseId: draftCase.id,
    title: 'Not yet public',
    status: 'draft',
  })
})

afterAll(async () => {
  await server.close()
})

describe('GET /cases.ics (public)', () => {
  it('has one event per case with a published petition, at its date in UTC', async () => {
    const events = await feed('/cases.ics')
    const ours = events.filter((e) => e.uid === uidOf(org.case.id))
    expect(ours).toHaveLength(1)
    expect(ours[0]!.start.getTime()).toBe(Math.floor(org.case.nextDate!.getTime() / 1000) * 1000)
    expect(ours[0]!.summary).toBe(`Execution date: ${org.case.personName}`)
    expect(events.some((e) => e.uid === uidOf(draftCaseId))).toBe(false)
  })

  it('moves the event when the date moves, and drops it when the case is resolved', async () => {
    const moved = '2027-01-14T18:00:00-06:00'
    const patch = await callApi(server.url, 'PATCH', `/api/v1/cases/${org.case.id}`, {
      token: org.token,
      body: { next_date: moved, note: 'New date set' },
    })
    expect(patch.status).toBe(200)
    let ours = (await feed('/cases.ics')).filter((e) => e.uid === uidOf(org.case.id))
    expect(ours).toHaveLength(1)
    expect(ours[0]!.start.toISOString()).toBe('2027-01-15T00:00:00.000Z')
    expect(ours[0]!.sequence).toBe(1)

    const stayed = await callApi(server.url, 'PATCH', `/api/v1/cases/${org.case.id}`, {
      token: org.token,
      body: { status: 'stayed' },
    })
    expect(stayed.status).toBe(200)
    ours = (await feed('/cases.ics')).filter((e) => e.uid === uidOf(org.case.id))
    expect(ours[0]!.status).toBe('TENTATIVE')

    await callApi(server.url, 'PATCH', `/api/v1/cases/${org.case.id}`, {
      token: org.token,
      body: { status: 'commuted' },
    })
    ours = (await feed('/cases.ics')).filter((e) => e.uid === uidOf(org.case.id))
    expect(ours).toHaveLength(0)
  })
})

describe('GET /api/v1/cases.ics', () => {
  it('lists the organization’s cases, drafts’ too, with a token only', async () => {
    const events = await feed('/api/v1/cases.ics', { authorization: `Bearer ${org.token}` })
    expect(events.map((e) => e.uid)).toContain(uidOf(draftCaseId))
    const anonymous = await fetch(`${server.url}/api/v1/cases.ics`)
    expect(anonymous.status).toBe(401)
  })
})

describe('GET /calendars/:secret.ics', () => {
  it('is made, shown once and revoked in the dashboard', async () => {
    const organizer = await makeOrganizer({ organizationName: 'Calendar Test Org' })
    const cookie = await signInCookie(server.url, { email: organizer.user.email })
    const made = await postForm(
      `${server.url}/dashboard/watch`,
      { intent: 'calendar-create' },
      { cookie },
    )
    expect(made.status).toBe(200)
    const url = /(http:\/\/[^\s<"]+\/calendars\/cal_[\w-]+\.ics)/.exec(await made.text())?.[1]
    expect(url).toBeDefined()
    const path = new URL(url!).pathname
    const events = await feed(path)
    expect(events.map((e) => e.uid)).toContain(uidOf(draftCaseId))

    // Shown once: the page does not show it again.
    const page = await (
      await fetch(`${server.url}/dashboard/watch`, { headers: { cookie } })
    ).text()
    expect(page).not.toContain(path)
    expect(page).toContain('A private calendar address made')

    const revoked = await postForm(
      `${server.url}/dashboard/watch`,
      { intent: 'calendar-revoke' },
      { cookie },
    )
    expect(revoked.status).toBe(303)
    expect((await fetch(`${server.url}${path}`)).status).toBe(404)
    expect(
      (await fetch(`${server.url}/calendars/cal_guessed-secret-000000000000.ics`)).status,
    ).toBe(404)
  })
})
