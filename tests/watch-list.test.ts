/**
 * The watch list: the dashboard page lists every case's next date in order
 * and flags dates within 30 days that lack an open petition, outreach sent
 * or a call script; the daily mail goes once per organization and day, at
 * 8 am in the organization's time zone (a fixed clock), to the organizers
 * who have not turned it off, through the one delivery queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDueMail } from '../app/mail/senders/transactional-sender.server'
import { createCase } from '../app/models/case.server'
import { saveCallScript } from '../app/models/call-script.server'
import { setOrganizationTimeZone } from '../app/models/organization.server'
import { sweepWatchDigests } from '../app/services/watch.server'
import { db } from '../app/utils/db.server'
import { calendarDate } from '../app/utils/time'
import { zonedLocalToInstant } from '../app/utils/zoned-time'
import { makePetition } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { postForm, startTestServer, type TestServer } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

const ORG = 'Watch Test Org'
const TZ = 'Asia/Tokyo'

let server: TestServer
let smtp: SmtpSink
let organizationId: string
let petitionCase: { id: string; personName: string }
let bare: { id: string; personName: string }
let far: { id: string; personName: string }

beforeAll(async () => {
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url, worker: false })
  const fixture = await makePetition({ organizationName: ORG, daysAway: 3 })
  organizationId = fixture.organization.id
  petitionCase = fixture.case
  await saveCallScript({ organizationId, caseId: fixture.case.id, role: null, body: 'Say hello.' })
  bare = await createCase({
    organizationId,
    personName: 'Unwatched Person',
    jurisdiction: 'Georgia',
    status: 'scheduled',
    nextDate: new Date(Date.now() + 10 * 86_400_000),
    nextDateKind: 'execution',
    timeZone: 'America/New_York',
  })
  await createCase({
    organizationId,
    personName: 'Stale Person',
    jurisdiction: 'Ohio',
    status: 'scheduled',
    nextDate: new Date(Date.now() - 2 * 86_400_000),
    nextDateKind: 'execution',
    timeZone: 'America/New_York',
  })
  far = await createCase({
    organizationId,
    personName: 'Faraway Person',
    jurisdiction: 'Ohio',
    status: 'pending',
    nextDate: new Date(Date.now() + 60 * 86_400_000),
    nextDateKind: 'hearing',
    timeZone: 'America/New_York',
  })
  await setOrganizationTimeZone({ organizationId, timeZone: TZ })
})

afterAll(async () => {
  await server.close()
  await smtp.close()
})

describe('the watch list page', () => {
  it('lists the dates in order and flags what the near ones lack', async () => {
    const organizer = await makeOrganizer({ organizationName: ORG })
    const cookie = await signInCookie(server.url, { email: organizer.user.email })
    const res = await fetch(`${server.url}/dashboard/watch`, { headers: { cookie } })
    expect(res.status).toBe(200)
    const html = await res.text()
    const order = [petitionCase, bare, far].map((c) => html.indexOf(c.personName))
    expect(order.every((i) => i > 0)).toBe(true)
    expect(order).toEqual([...order].sort((a, b) => a - b))
    const rowOf = (name: string) =>
      html.slice(html.indexOf(name), html.indexOf('</tr>', html.indexOf(name)))
    // An open petition and a script, but no outreach sent yet.
    expect(rowOf(petitionCase.personName)).toContain('No outreach sent')
    expect(rowOf(petitionCase.personName)).not.toContain('No call script')
    expect(rowOf(bare.personName)).toContain('No open petition')
    expect(rowOf(bare.personName)).toContain('No call script')
    // Sixty days away: not flagged yet.
    expect(rowOf(far.personName)).not.toContain('No open petition')
    // Passed two days ago and still unresolved: listed first, to be brought up to date.
    expect(html.indexOf('Stale Person')).toBeLessThan(order[0]!)
    expect(rowOf('Stale Person')).toContain('The date has passed')
  })
})

describe('the daily mail', () => {
  it('goes once a day at 8 am in the organization’s zone, to those who have not turned it off', async () => {
    const keen = await makeOrganizer({ organizationName: ORG, email: 'keen@organizers.example' })
    const quiet = await makeOrganizer({ organizationName: ORG, email: 'quiet@organizers.example' })
    const cookie = await signInCookie(server.url, { email: quiet.user.email })
    // Unticked box: the field is absent from the post.
    const off = await postForm(`${server.url}/dashboard/watch`, { intent: 'digest' }, { cookie })
    expect(off.status).toBe(303)

    const today = calendarDate(new Date(), TZ)
    const eight = zonedLocalToInstant(`${today}T08:00`, TZ)!
    const queued = async () =>
      db()<{ toAddress: string }[]>`
        select to_address from outbound_emails
        where template = 'organizer.watch-digest' and organization_id = ${organizationId}`

    await sweepWatchDigests(new Date(eight.getTime() - 60_000))
    expect(await queued()).toHaveLength(0)

    await sweepWatchDigests(new Date(eight.getTime() + 5 * 60_000))
    const first = (await queued()).map((r) => r.toAddress)
    expect(first).toContain(keen.user.email)
    expect(first).not.toContain(quiet.user.email)

    // The next sweeps that day queue nothing more.
    await sweepWatchDigests(new Date(eight.getTime() + 15 * 60_000))
    await sweepWatchDigests(new Date(eight.getTime() + 10 * 3_600_000))
    expect(await queued()).toHaveLength(first.length)

    await sendDueMail()
    const mail = await smtp.waitForMail((m) => recipient(m).includes(keen.user.email))
    expect(mail.subject).toMatch(/^Watch list: 2 dates in the next 14 days \(2 need attention\)$/)
    expect(mail.text).toContain(petitionCase.personName)
    expect(mail.text).toContain('No outreach sent')
    expect(mail.text).toContain(bare.personName)
    expect(mail.text).not.toContain(far.personName)
    expect(mail.html).toContain(`/dashboard/cases/${bare.id}`)

    // The next day's 8 am is a new day.
    await sweepWatchDigests(new Date(eight.getTime() + 24 * 3_600_000 + 60_000))
    expect((await queued()).length).toBeGreaterThan(first.length)
  })
})
