/**
 * The deadline drives the mail (issue 4, item 5), against a real SMTP server
 * and the real API: a "48 hours before" message moves when the case is
 * rescheduled, waits while the case has no date, goes out once the new time
 * comes, and is cancelled when the case is resolved; an outcome drafts (or,
 * where the petition says so, sends) a signer update from its template.
 * Jobs are run by the test; "time passing" is the case's date moving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDueDeliveries } from '../app/mail/senders/campaign-sender.server'
import { fanOutCampaignsJob } from '../app/jobs/campaign-fanout.server'
import { addCaseEvent, updateCase } from '../app/services/cases.server'
import { DeadlineScheduleError, listOfferedUpdates } from '../app/models/deadline-mail.server'
import { getMessageForOrganization } from '../app/models/message.server'
import { getOutreachForOrganization } from '../app/models/outreach.server'
import { createCampaign, scheduleCampaignBeforeDeadline } from '../app/services/campaigns.server'
import { createOutreach } from '../app/services/outreaches.server'
import { db } from '../app/utils/db.server'
import { closeTransport } from '../app/mail/transport.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { seedSigners } from './helpers/campaigns'
import { makePetition } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { rawHeader, recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'
import { postForm, startTestServer, type TestServer } from './helpers/server'

const HOUR = 3_600_000

let smtp: SmtpSink
let server: TestServer

beforeAll(async () => {
  smtp = await startSmtpSink()
  delete process.env.VIGIL_MAIL_RATE
  // The jobs run in this process, as the test drives them: no worker.
  server = await startTestServer({ worker: false, smtpUrl: smtp.url })
})

afterAll(async () => {
  await server?.close()
  closeTransport()
  await smtp?.close()
})

/** Runs the jobs as the worker would, until nothing is left to do. */
async function runMailJobs() {
  await fanOutCampaignsJob()
  while ((await sendDueDeliveries()) > 0);
}

function inbox(subjectPart: string) {
  return smtp.messages.filter((m) => (m.subject ?? '').includes(subjectPart))
}

async function messageRow(id: string) {
  const [row] = await db()<
    { status: string; scheduledAt: Date | null; cancelReason: string | null }[]
  >`
    select status, scheduled_at, cancel_reason from messages where id = ${id}`
  return row!
}

describe('a mail timed 48 hours before the deadline', () => {
  it('moves with a reschedule, then goes to every signer once when its time comes', async () => {
    const org = await makeApiOrganization()
    const signers = await seedSigners({
      organizationId: org.organization.id,
      petitionId: org.petition.id,
      count: 3,
    })
    const created = await callApi(server.url, 'POST', '/api/v1/messages', {
      token: org.token,
      body: {
        subject: '{{ case.days_left }} days left for {{ case.person_name }}',
        body: 'Dear {{ supporter.first_name }}, the date is {{ case.next_date }}. Call now.',
        targets: [{ petition_id: org.petition.id }],
      },
    })
    expect(created.status).toBe(201)
    const id = created.body.id as string

    const scheduled = await callApi(server.url, 'POST', `/api/v1/messages/${id}/send`, {
      token: org.token,
      body: { hours_before_deadline: 48 },
    })
    expect(scheduled.status).toBe(200)
    expect(scheduled.body.status).toBe('scheduled')
    expect(scheduled.body.hours_before_deadline).toBe(48)
    expect(scheduled.body.deadline_case_id).toBe(org.case.id)
    const firstDate = org.case.nextDate!.getTime()
    expect(Date.parse(scheduled.body.scheduled_at)).toBe(firstDate - 48 * HOUR)

    // The governor reschedules: ten days later. The mail follows the date.
    const later = new Date(firstDate + 10 * 24 * HOUR)
    const patched = await callApi(server.url, 'PATCH', `/api/v1/cases/${org.case.id}`, {
      token: org.token,
      body: { status: 'rescheduled', next_date: later.toISOString(), note: 'New warrant' },
    })
    expect(patched.status).toBe(200)
    const moved = await callApi(server.url, 'GET', `/api/v1/messages/${id}`, { token: org.token })
    expect(moved.body.status).toBe('scheduled')
    expect(Date.parse(moved.body.scheduled_at)).toBe(later.getTime() - 48 * HOUR)

    // Not due yet: the fan-out sends nothing.
    await runMailJobs()
    expect(inbox('days left for')).toHaveLength(0)

    // The date is brought forward to 30 hours from now: 48 hours before has come.
    const soon = new Date(Date.now() + 30 * HOUR)
    await updateCase({
      organizationId: org.organization.id,
      caseId: org.case.id,
      changes: { nextDate: soon },
    })
    expect((await messageRow(id)).scheduledAt!.getTime()).toBe(soon.getTime() - 48 * HOUR)
    await runMailJobs()
    const mails = inbox('days left for')
    expect(mails.map(recipient).sort()).toEqual(signers.map((s) => s.email).sort())
    // Merged at send time with the new date: "1 days left" or "2", never the old 10+.
    expect(mails[0]!.subject).toMatch(/^[12] days left for Test Person/)
    expect((await messageRow(id)).status).toBe('sent')
  })

  it('waits without a time while a stay removes the date, and takes the new one', async () => {
    const p = await makePetition({ daysAway: 20 })
    const message = await createCampaign({
      organizationId: p.organization.id,
      createdBy: null,
      subject: 'Two days left',
      body: 'Dear {{ supporter.first_name }}',
      petitionIds: [p.petition.id],
    })
    await scheduleCampaignBeforeDeadline({
      organizationId: p.organization.id,
      messageId: message.id,
      hours: 48,
    })
    await updateCase({
      organizationId: p.organization.id,
      caseId: p.case.id,
      changes: { status: 'stayed', nextDate: null },
    })
    expect(await messageRow(message.id)).toMatchObject({ status: 'scheduled', scheduledAt: null })
    const newDate = new Date(Date.now() + 40 * 24 * HOUR)
    await updateCase({
      organizationId: p.organization.id,
      caseId: p.case.id,
      changes: { status: 'scheduled', nextDate: newDate },
    })
    expect((await messageRow(message.id)).scheduledAt!.getTime()).toBe(
      newDate.getTime() - 48 * HOUR,
    )
  })

  it('is cancelled, with the reason, when the case is resolved; nothing is sent', async () => {
    const p = await makePetition({ daysAway: 10 })
    await seedSigners({ organizationId: p.organization.id, petitionId: p.petition.id, count: 2 })
    const message = await createCampaign({
      organizationId: p.organization.id,
      createdBy: null,
      subject: 'Resolved-case check',
      body: 'Dear {{ supporter.first_name }}',
      petitionIds: [p.petition.id],
    })
    await scheduleCampaignBeforeDeadline({
      organizationId: p.organization.id,
      messageId: message.id,
      hours: 48,
    })
    await updateCase({
      organizationId: p.organization.id,
      caseId: p.case.id,
      changes: { status: 'commuted', nextDate: null },
    })
    const row = await messageRow(message.id)
    expect(row.status).toBe('cancelled')
    expect(row.cancelReason).toMatch(/resolved \(commuted\)/)
    await runMailJobs()
    expect(inbox('Resolved-case check')).toHaveLength(0)
  })

  it('waits while the case is stayed with its date still on record, and resumes when the stay lifts', async () => {
    const p = await makePetition({ daysAway: 10 })
    const message = await createCampaign({
      organizationId: p.organization.id,
      createdBy: null,
      subject: 'Stay check',
      body: 'Dear {{ supporter.first_name }}',
      petitionIds: [p.petition.id],
    })
    await scheduleCampaignBeforeDeadline({
      organizationId: p.organization.id,
      messageId: message.id,
      hours: 48,
    })
    const change = (status: 'stayed' | 'scheduled') =>
      updateCase({ organizationId: p.organization.id, caseId: p.case.id, changes: { status } })
    await change('stayed')
    expect(await messageRow(message.id)).toMatchObject({ status: 'scheduled', scheduledAt: null })
    await change('scheduled')
    expect((await messageRow(message.id)).scheduledAt!.getTime()).toBe(
      p.case.nextDate!.getTime() - 48 * HOUR,
    )
  })

  it('a resolved case also cancels its scheduled outreach to officials', async () => {
    const p = await makePetition({ daysAway: 10 })
    const outreach = await createOutreach({
      organizationId: p.organization.id,
      createdBy: null,
      petitionId: p.petition.id,
      officialIds: [p.governor.id],
      subject: 'Please act before {{ case.next_date }}',
      body: 'Dear {{ official.title }} {{ official.name }}',
      attachSignersCsv: false,
      scheduledAt: new Date(Date.now() + 5 * 24 * HOUR),
    })
    expect(outreach.status).toBe('scheduled')
    await updateCase({
      organizationId: p.organization.id,
      caseId: p.case.id,
      changes: { status: 'executed' },
    })
    const after = await getOutreachForOrganization({
      organizationId: p.organization.id,
      outreachId: outreach.id,
    })
    expect(after!.status).toBe('cancelled')
    expect(after!.deliveries.map((d) => [d.status, d.lastError])).toEqual([
      ['cancelled', 'The case was resolved (executed).'],
    ])
  })

  it('is refused when it cannot be timed, with the reason', async () => {
    const a = await makePetition({ daysAway: 1 })
    const b = await makePetition({ daysAway: 9, organizationName: a.organization.name })
    const create = (petitionIds: string[]) =>
      createCampaign({
        organizationId: a.organization.id,
        createdBy: null,
        subject: 'x',
        body: 'y',
        petitionIds,
      })
    const schedule = (messageId: string) =>
      scheduleCampaignBeforeDeadline({
        organizationId: a.organization.id,
        messageId,
        hours: 48,
      })
    const twoCases = await create([a.petition.id, b.petition.id])
    await expect(schedule(twoCases.id)).rejects.toThrow(/one case only/)
    const tooClose = await create([a.petition.id])
    await expect(schedule(tooClose.id)).rejects.toThrow(DeadlineScheduleError)
    await expect(schedule(tooClose.id)).rejects.toThrow(/only 2[34] hours away/)
    expect((await messageRow(tooClose.id)).status).toBe('draft')
  })

  it('answers 422 in the API for a bad offset or a message that cannot be timed', async () => {
    const org = await makeApiOrganization()
    const created = await callApi(server.url, 'POST', '/api/v1/messages', {
      token: org.token,
      body: { subject: 's', body: 'b', targets: [{ petition_id: org.petition.id }] },
    })
    const send = (body: unknown) =>
      callApi(server.url, 'POST', `/api/v1/messages/${created.body.id}/send`, {
        token: org.token,
        body,
      })
    const negative = await send({ hours_before_deadline: -1 })
    expect(negative.status).toBe(422)
    expect(negative.body.error.fields.hours_before_deadline).toBeDefined()
    const both = await send({ hours_before_deadline: 2, scheduled_at: '2030-01-01T00:00:00Z' })
    expect(both.status).toBe(422)
    // The fixture's date is 5 days away: 200 hours before it has passed.
    const tooLate = await send({ hours_before_deadline: 200 })
    expect(tooLate.status).toBe(422)
    expect(tooLate.body.error.message).toMatch(/send the message now instead/)
  })
})

describe('signer updates when the outcome changes', () => {
  it('drafts an update for the organizer to review by default, once per outcome', async () => {
    const p = await makePetition({ daysAway: 3 })
    const stay = () =>
      updateCase({
        organizationId: p.organization.id,
        caseId: p.case.id,
        changes: { status: 'stayed' },
      })
    await stay()
    let offered = await listOfferedUpdates({
      organizationId: p.organization.id,
      caseId: p.case.id,
    })
    expect(offered).toHaveLength(1)
    expect(offered[0]).toMatchObject({
      outcome: 'stayed',
      subject: 'A stay for {{ case.person_name }}',
    })
    const message = await getMessageForOrganization({
      organizationId: p.organization.id,
      messageId: offered[0]!.id,
    })
    expect(message).toMatchObject({ status: 'draft', petitionIds: [p.petition.id] })
    // Back to scheduled and stayed again: still one waiting draft.
    await updateCase({
      organizationId: p.organization.id,
      caseId: p.case.id,
      changes: { status: 'scheduled' },
    })
    await stay()
    offered = await listOfferedUpdates({ organizationId: p.organization.id, caseId: p.case.id })
    expect(offered).toHaveLength(1)

    await addCaseEvent({
      organizationId: p.organization.id,
      caseId: p.case.id,
      kind: 'clemency_denied',
      note: 'The board voted 7-0.',
    })
    offered = await listOfferedUpdates({ organizationId: p.organization.id, caseId: p.case.id })
    expect(offered.map((o) => o.outcome).sort()).toEqual(['clemency_denied', 'stayed'])
  })

  it('sends the update at once where the petition is set to, merged for each signer', async () => {
    const org = await makeApiOrganization()
    const set = await callApi(server.url, 'PATCH', `/api/v1/petitions/${org.petition.id}`, {
      token: org.token,
      body: { signer_updates: 'send' },
    })
    expect(set.status).toBe(200)
    expect(set.body.signer_updates).toBe('send')
    const signers = await seedSigners({
      organizationId: org.organization.id,
      petitionId: org.petition.id,
      count: 4,
    })
    await callApi(server.url, 'PATCH', `/api/v1/cases/${org.case.id}`, {
      token: org.token,
      body: { status: 'executed', next_date: null },
    })
    await runMailJobs()
    const person = org.case.personName
    const mails = smtp.messages.filter((m) => m.subject === person)
    expect(mails.map(recipient).sort()).toEqual(signers.map((s) => s.email).sort())
    const one = mails.find((m) => recipient(m) === signers[0]!.email)!
    expect(one.text).toContain(`Dear ${signers[0]!.name.split(' ')[0]},`)
    expect(one.text).toContain(`${person} was executed`)
    expect(rawHeader(one, 'List-Unsubscribe')).toMatch(/\/unsubscribe\//)
    // Nothing offered: it went.
    expect(
      await listOfferedUpdates({ organizationId: org.organization.id, caseId: org.case.id }),
    ).toHaveLength(0)
  })

  it('does nothing for a petition set to off, and rejects an unknown mode', async () => {
    const org = await makeApiOrganization()
    const bad = await callApi(server.url, 'PATCH', `/api/v1/petitions/${org.petition.id}`, {
      token: org.token,
      body: { signer_updates: 'sometimes' },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.error.fields.signer_updates).toBeDefined()
    await callApi(server.url, 'PATCH', `/api/v1/petitions/${org.petition.id}`, {
      token: org.token,
      body: { signer_updates: 'off' },
    })
    await updateCase({
      organizationId: org.organization.id,
      caseId: org.case.id,
      changes: { status: 'stayed' },
    })
    expect(
      await listOfferedUpdates({ organizationId: org.organization.id, caseId: org.case.id }),
    ).toHaveLength(0)
  })
})

describe('in the dashboard (no JavaScript)', () => {
  it('a reschedule through the case form moves the timed mail; a stay offers an update', async () => {
    const p = await makePetition({ daysAway: 12, organizationName: 'Dashboard Deadline Org' })
    const organizer = await makeOrganizer({ organizationName: 'Dashboard Deadline Org' })
    const cookie = await signInCookie(server.url, { email: organizer.user.email })
    const message = await createCampaign({
      organizationId: p.organization.id,
      createdBy: organizer.user.id,
      subject: '48 hours left',
      body: 'Dear {{ supporter.first_name }}, call now.',
      petitionIds: [p.petition.id],
    })
    await scheduleCampaignBeforeDeadline({
      organizationId: p.organization.id,
      messageId: message.id,
      hours: 48,
    })
    const form = {
      intent: 'update',
      personName: p.case.personName,
      caseNumber: p.case.caseNumber ?? '',
      jurisdiction: p.case.jurisdiction,
      court: '',
      status: 'rescheduled',
      nextDate: '2031-03-04T18:00',
      nextDateKind: 'execution',
      timeZone: 'America/Chicago',
      summary: p.case.summary,
      sources: '',
      note: 'New date set by the court',
      sourceUrl: '',
    }
    const saved = await postForm(`${server.url}/dashboard/cases/${p.case.id}`, form, { cookie })
    expect(saved.status).toBe(303)
    // 18:00 in Chicago on March 4, 2031 is 00:00 UTC on the 5th; 48 hours before is the 3rd.
    expect((await messageRow(message.id)).scheduledAt!.toISOString()).toBe(
      '2031-03-03T00:00:00.000Z',
    )
    let page = await (
      await fetch(`${server.url}/dashboard/cases/${p.case.id}`, { headers: { cookie } })
    ).text()
    expect(page).toContain('Mail to signers')
    expect(page).toContain('48 hours before the date: ')
    expect(page).toContain('Review and send: New date for {{ case.person_name }}')

    const stayed = await postForm(
      `${server.url}/dashboard/cases/${p.case.id}`,
      { ...form, status: 'stayed', nextDate: '' },
      { cookie },
    )
    expect(stayed.status).toBe(303)
    page = await (
      await fetch(`${server.url}/dashboard/cases/${p.case.id}`, { headers: { cookie } })
    ).text()
    expect(page).toContain('Review and send: A stay for {{ case.person_name }}')
    expect(page).toContain('waiting for a new date')
  })

  it('the petition form sets what an outcome does', async () => {
    const p = await makePetition({ organizationName: 'Dashboard Deadline Org' })
    const organizer = await makeOrganizer({ organizationName: 'Dashboard Deadline Org' })
    const cookie = await signInCookie(server.url, { email: organizer.user.email })
    const edit = `${server.url}/dashboard/petitions/${p.petition.id}/edit`
    const fields = {
      title: p.petition.title,
      body: p.petition.body,
      goal: '100',
      letterDefault: '',
      targetIds: p.governor.id,
    }
    const bad = await postForm(edit, { ...fields, signerUpdates: 'always' }, { cookie })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Choose what happens from the list.')
    const ok = await postForm(edit, { ...fields, signerUpdates: 'send' }, { cookie })
    expect(ok.status).toBe(303)
    const [row] = await db()<{ signerUpdates: string }[]>`
      select signer_updates from petitions where id = ${p.petition.id}`
    expect(row!.signerUpdates).toBe('send')
    const form = await (await fetch(edit, { headers: { cookie } })).text()
    expect(form).toMatch(/<option value="send" selected="">/)
  })
})
