/**
 * Call campaigns end to end on the real server, without JavaScript: the
 * call page lists each target office with a tel: link, whether it is open
 * and the organizer's script for its role; a logged call shows in the
 * dashboard's counts and in the API's total_calls; bad input gets the page
 * again with 400; a closed petition 409; an address over the per-address
 * limit is answered the same but not counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addAbuseRule } from '../app/models/abuse.server'
import { callLimitPerIp } from '../app/models/call.server'
import { setPetitionStatus } from '../app/models/petition.server'
import { changeOfficial } from '../app/services/officials.server'
import { db } from '../app/utils/db.server'
import { buildMergeContext } from '../app/mail/merge-context.server'
import { renderMessage, validateMessageTemplate } from '../app/mail/templates.server'
import { getPetitionMergeData } from '../app/models/merge-data.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer
let org: Awaited<ReturnType<typeof makeApiOrganization>>
let cookie: string

const callUrl = () => `${server.url}/petitions/${org.petition.slug}/call`

beforeAll(async () => {
  server = await startTestServer({ worker: false })
  org = await makeApiOrganization('Calls Test Org')
  await changeOfficial({
    organizationId: org.organization.id,
    officialId: org.governor.id,
    changes: {
      phone: '(512) 463-2000',
      officeHours: 'Mo-Fr 08:00-17:00; PH off',
      timeZone: 'America/Chicago',
      jurisdiction: 'Texas',
    },
  })
  const organizer = await makeOrganizer({ organizationName: 'Calls Test Org' })
  cookie = await signInCookie(server.url, { email: organizer.user.email })
})

afterAll(async () => {
  await server.close()
})

async function totalCalls(): Promise<number> {
  const res = await callApi(server.url, 'GET', `/api/v1/petitions/${org.petition.id}`)
  expect(res.status).toBe(200)
  return res.body.total_calls as number
}

describe('the call page', () => {
  it('lists the office with a tel: link, its state in its own zone, and a script', async () => {
    const res = await fetch(callUrl())
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('href="tel:5124632000"')
    expect(html).toContain('Call (512) 463-2000')
    expect(html).toMatch(/(Open now · closes|Closed · opens) [^<]*Central Time, in /)
    expect(html).toMatch(
      /Hours \(Central Time\): (<!-- -->)?<code>Mo-Fr 08:00-17:00; PH off<\/code>/,
    )
    // Vigil's default script, with the merge fields filled in.
    expect(html).toContain(`to grant clemency to <strong>${org.case.personName}</strong>`)
    // How clemency is decided in Texas, in plain words.
    expect(html).toContain(
      'the governor can grant clemency only if the Board of Pardons and Paroles',
    )
  })

  it('says when the office opens, and what to say, in Spanish to a Spanish reader', async () => {
    const res = await fetch(callUrl(), { headers: { 'Accept-Language': 'es-US,es;q=0.9' } })
    const html = await res.text()
    expect(html).toMatch(
      /(Abierta ahora · cierra|Cerrada · abre) [^<]*\(hora central\), dentro de /,
    )
    expect(html).toMatch(/Horario \(hora central\): (<!-- -->)?<code>/)
    // Vigil's default script, in Spanish, and not marked English.
    expect(html).toContain(`que conceda la clemencia a <strong>${org.case.personName}</strong>`)
    expect(html).not.toContain('I am calling to ask')
  })

  it('shows the organizer’s script for the office’s role once it is written', async () => {
    const res = await postForm(
      `${server.url}/dashboard/cases/${org.case.id}/scripts`,
      {
        role: 'governor',
        body: 'Ask {{ official.name }} to spare **{{ case.person_name }}** ({{ case.days_left }} days left).',
      },
      { cookie },
    )
    expect(res.status).toBe(303)
    const html = await (await fetch(callUrl())).text()
    expect(html).toContain(
      `Ask ${org.governor.name} to spare <strong>${org.case.personName}</strong>`,
    )
  })

  it('refuses a script with supporter fields, beside the field', async () => {
    const res = await postForm(
      `${server.url}/dashboard/cases/${org.case.id}/scripts`,
      { role: '', body: 'Hi {{ supporter.first_name }}' },
      { cookie },
    )
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('cannot use supporter fields')
  })

  it('is pointed to from the petition and the thanks page after signing', async () => {
    const petition = await (await fetch(`${server.url}/petitions/${org.petition.slug}`)).text()
    expect(petition).toContain(`href="/petitions/${org.petition.slug}/call"`)
    const thanks = await (await fetch(`${server.url}/petitions/${org.petition.slug}/thanks`)).text()
    expect(thanks).toContain('Call the decision makers')
    expect(thanks).toContain(`href="/petitions/${org.petition.slug}/call"`)
  })

  it('is 404 for a petition that does not exist', async () => {
    expect((await fetch(`${server.url}/petitions/no-such-petition/call`)).status).toBe(404)
  })
})

describe('logging a call without JavaScript', () => {
  it('answers 303 back to the page with thanks, and the call counts in the API and the dashboard', async () => {
    const before = await totalCalls()
    const res = await postForm(callUrl(), {
      official_id: org.governor.id,
      outcome: 'voicemail',
      email: 'caller@example.org',
    })
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    expect(location).toContain(`/petitions/${org.petition.slug}/call?logged=${org.governor.id}`)
    const thanks = await (await fetch(new URL(location, server.url))).text()
    expect(thanks).toContain('Thank you. Your call is logged')
    expect(await totalCalls()).toBe(before + 1)

    const dash = await fetch(`${server.url}/dashboard/petitions/${org.petition.id}/calls`, {
      headers: { cookie },
    })
    expect(dash.status).toBe(200)
    const page = await dash.text()
    expect(page).toMatch(new RegExp(`${org.governor.name}</th>(<td class="num">\\d+</td>){5}`))
    expect(page).toContain('By hour')
  })

  it('re-renders the page with 400 and the message beside the field for bad input', async () => {
    const before = await totalCalls()
    const missing = await postForm(callUrl(), { official_id: org.governor.id })
    expect(missing.status).toBe(400)
    const html = await missing.text()
    expect(html).toContain('Say how the call went.')
    expect(html).toContain('href="tel:5124632000"')

    const badEmail = await postForm(callUrl(), {
      official_id: org.governor.id,
      outcome: 'talked',
      email: 'not an email',
    })
    expect(badEmail.status).toBe(400)
    expect(await badEmail.text()).toContain('Enter a valid email address')

    const stranger = await postForm(callUrl(), {
      official_id: '00000000-0000-4000-8000-000000000000',
      outcome: 'talked',
    })
    expect(stranger.status).toBe(400)
    expect(await stranger.text()).toContain('Choose one of the offices listed on this page.')
    expect(await totalCalls()).toBe(before)
  })

  it('holds calls over the per-address limit: answered the same, not counted', async () => {
    await db()`delete from calls where petition_id = ${org.petition.id}`
    const limit = callLimitPerIp()
    for (let i = 0; i < limit + 2; i++) {
      const res = await postForm(callUrl(), { official_id: org.governor.id, outcome: 'talked' })
      expect(res.status).toBe(303)
    }
    expect(await totalCalls()).toBe(limit)
    const [held] = await db()<{ n: number }[]>`
      select count(*)::int as n from calls where petition_id = ${org.petition.id} and held`
    expect(held!.n).toBe(2)
  })

  it('lets an allowed address past the limit and holds a blocked one', async () => {
    await addAbuseRule({
      organizationId: org.organization.id,
      kind: 'allow',
      target: { cidr: '127.0.0.1/32' },
    })
    const before = await totalCalls()
    const allowed = await postForm(callUrl(), { official_id: org.governor.id, outcome: 'busy' })
    expect(allowed.status).toBe(303)
    expect(await totalCalls()).toBe(before + 1)
    await db()`delete from abuse_rules where organization_id = ${org.organization.id}`
    await db()`delete from calls where petition_id = ${org.petition.id}`
    await addAbuseRule({
      organizationId: org.organization.id,
      kind: 'block',
      target: { cidr: '127.0.0.0/8' },
    })
    const blocked = await postForm(callUrl(), { official_id: org.governor.id, outcome: 'busy' })
    expect(blocked.status).toBe(303)
    expect(await totalCalls()).toBe(0)
    await db()`delete from abuse_rules where organization_id = ${org.organization.id}`
  })

  it('is 409 once the petition is closed', async () => {
    await setPetitionStatus({ petitionId: org.petition.id, status: 'closed' })
    const res = await postForm(callUrl(), { official_id: org.governor.id, outcome: 'talked' })
    expect(res.status).toBe(409)
    const page = await (await fetch(callUrl())).text()
    expect(page).toContain('This petition is closed')
    expect(page).not.toContain('Log my call')
  })
})

describe('campaign mail points to the call page', () => {
  it('has {{ petition.call_url }}, the call page’s absolute address', async () => {
    const [data] = await getPetitionMergeData([org.petition.id])
    const context = buildMergeContext(data!, { name: 'Alex Caller' }, { appUrl: server.url })
    const compiled = validateMessageTemplate({
      subject: 'Call today',
      body: '[Call the governor]({{ petition.call_url }})',
    })
    expect(renderMessage(compiled, context).bodyText).toBe(
      `[Call the governor](${server.url}/petitions/${org.petition.slug}/call)`,
    )
    const draft = await callApi(server.url, 'POST', '/api/v1/messages', {
      token: org.token,
      body: {
        subject: 'Call today',
        body: 'Call: {{ petition.call_url }}',
        targets: [{ petition_id: org.petition.id }],
      },
    })
    expect(draft.status).toBe(201)
  })
})

describe('officials over the API', () => {
  it('take office_hours and time_zone, and refuse hours that do not read', async () => {
    const created = await callApi(server.url, 'POST', '/api/v1/officials', {
      token: org.token,
      body: {
        name: 'Chair Hours',
        phone: '+1 512 406 5452',
        office_hours: 'Mo-Fr 08:00-17:00',
        time_zone: 'America/Chicago',
      },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      office_hours: 'Mo-Fr 08:00-17:00',
      time_zone: 'America/Chicago',
    })
    const bad = await callApi(server.url, 'POST', '/api/v1/officials', {
      token: org.token,
      body: { name: 'Bad Hours', office_hours: 'Mo-Fx 8-17', time_zone: 'America/Chicago' },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.error.fields.office_hours[0]).toMatch(/do not read as opening hours/)
    const noZone = await callApi(server.url, 'POST', '/api/v1/officials', {
      token: org.token,
      body: { name: 'No Zone', office_hours: 'Mo-Fr 08:00-17:00' },
    })
    expect(noZone.status).toBe(422)
    expect(noZone.body.error.fields.time_zone).toBeDefined()
    const badZone = await callApi(server.url, 'POST', '/api/v1/officials', {
      token: org.token,
      body: { name: 'Bad Zone', time_zone: 'Mars/Olympus' },
    })
    expect(badZone.status).toBe(422)
  })
})
