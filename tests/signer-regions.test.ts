/**
 * Where the signers are, end to end: a person signs with a Texas ZIP code
 * (no JavaScript), confirms from the mail, and counts in the Texas total on
 * the API and the dashboard, and on the map of signers by state; a ZIP code
 * from elsewhere counts in its own state and not in the jurisdiction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, makeApiOrganization } from './helpers/api'
import { validSignature } from './helpers/fixtures'
import { signInCookie } from './helpers/organizers'
import { eventually, postForm, startTestServer, type TestServer } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'
import { db } from '../app/utils/db.server'

let smtp: SmtpSink
let server: TestServer
let org: Awaited<ReturnType<typeof makeApiOrganization>>

beforeAll(async () => {
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
  org = await makeApiOrganization('Regions Org')
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

async function signAndConfirm(fields: Record<string, string>) {
  const res = await postForm(`${server.url}/petitions/${org.petition.slug}`, fields)
  expect(res.status).toBe(303)
  const mail = await smtp.waitForMail((m) => recipient(m).includes(fields.email!.split('@')[0]!))
  const link = /(http:\/\/\S+\/confirm\/[\w-]+)/.exec(mail.text ?? '')![1]!
  const confirmed = await postForm(link, { intent: 'confirm' }, { origin: server.url })
  expect(confirmed.status).toBe(200)
}

const petitionResource = async () =>
  (await callApi(server.url, 'GET', `/api/v1/petitions/${org.petition.id}`)).body

describe('signers by state', () => {
  it('counts a Texas ZIP code in the Texas total and on the map', async () => {
    expect((await petitionResource()).total_signatures_in_jurisdiction).toBe(0)
    await signAndConfirm(validSignature({ postalCode: '78701', name: 'Tex Signer' }))
    await signAndConfirm(validSignature({ postalCode: '10001', name: 'York Signer' }))
    const rows = await db()<{ name: string; region: string | null }[]>`
      select name, region from signatures where petition_id = ${org.petition.id} order by name`
    expect(rows).toEqual([
      { name: 'Tex Signer', region: 'US-TX' },
      { name: 'York Signer', region: 'US-NY' },
    ])

    // The API: public and with the organization's token, and in the list.
    const resource = await eventually(async () => {
      const r = await petitionResource()
      return r.total_signatures === 2 ? r : undefined
    })
    expect(resource.total_signatures_in_jurisdiction).toBe(1)
    const own = await callApi(server.url, 'GET', `/api/v1/petitions/${org.petition.id}`, {
      token: org.token,
    })
    expect(own.body.total_signatures_in_jurisdiction).toBe(1)
    const list = await callApi(server.url, 'GET', '/api/v1/petitions?per_page=100')
    const item = list.body._embedded['osdi:petitions'].find(
      (p: { id: string }) => p.id === org.petition.id,
    )
    expect(item.total_signatures_in_jurisdiction).toBe(1)

    // The dashboard: the count in Texas, the map (Texas filled, titled with its count) and its table.
    const cookie = await signInCookie(server.url, {
      email: org.user.email,
      password: 'correct horse battery staple',
    })
    const html = await (
      await fetch(`${server.url}/dashboard/petitions/${org.petition.id}`, { headers: { cookie } })
    ).text()
    expect(html).toMatch(/<dt>In (<!-- -->)?Texas<\/dt><dd class="stat__value">1<\/dd>/)
    expect(html).toContain('<title id="signer-map-title">Confirmed signers by state</title>')
    const texas = /<path d="[^"]+" fill="(#[0-9a-f]{6})"><title>Texas: 1 confirmed<\/title>/.exec(
      html,
    )
    expect(texas).not.toBeNull()
    const ohio = /<path d="[^"]+" fill="(#[0-9a-f]{6})"><title>Ohio: 0 confirmed<\/title>/.exec(
      html,
    )
    expect(ohio).not.toBeNull()
    expect(texas![1]).not.toBe(ohio![1])
    expect(html).toMatch(/<th scope="row">Texas<span class="muted"> \(jurisdiction\)<\/span><\/th>/)
    expect(html).toMatch(/<th scope="row">New York<\/th>/)
    expect(html).not.toContain('By region') // the postal-prefix table is gone
  })

  it('says when the jurisdiction names no state', async () => {
    await db()`update cases set jurisdiction = 'Cook County' where id = ${org.case.id}`
    expect((await petitionResource()).total_signatures_in_jurisdiction).toBeNull()
    await db()`update cases set jurisdiction = 'Federal' where id = ${org.case.id}`
    expect((await petitionResource()).total_signatures_in_jurisdiction).toBe(2)
    await db()`update cases set jurisdiction = 'Texas' where id = ${org.case.id}`
  })
})
