/**
 * Sources (decision 035): a signature records what brought its signer —
 * `?source=` on the petition page's form, the embed's, OSDI
 * referrer_data.source in the API — and the counts per source show in the
 * API's petition resource and on the petition's dashboard page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { makePetition, validSignature } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let smtp: SmtpSink
let server: TestServer

beforeAll(async () => {
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

async function storedSource(email: string): Promise<string | null | undefined> {
  const [row] = await db()<{ source: string | null }[]>`
    select source from signatures where email = ${email}`
  return row?.source
}

/** Opens the signer's confirmation mail and presses its button. */
async function confirmByMail(email: string): Promise<void> {
  const mail = await smtp.waitForMail((m) => recipient(m).includes(email))
  const link = /(http:\/\/\S+\/confirm\/[\w-]+)/.exec(mail.text ?? '')![1]!
  const res = await postForm(link, {})
  expect(res.status).toBe(200)
  // Confirmed: the page asks to share, each link with its own source.
  const page = await res.text()
  expect(page).toContain('Your signature is confirmed')
  expect(page).toContain('source%3Dshare-whatsapp')
  expect(page).toContain('?source=share-link')
}

describe('sources', () => {
  it('records ?source= from the sign form and counts it in the API once confirmed', async () => {
    const { petition } = await makePetition()
    const page = await (
      await fetch(`${server.url}/petitions/${petition.slug}?source=Vigil-Flyer`)
    ).text()
    // The code is normalized (lowercase) into the form's hidden field.
    expect(page).toContain('<input type="hidden" name="source" value="vigil-flyer"/>')

    const emails = [1, 2, 3].map((i) => `src${i}.${Date.now()}@example.org`)
    for (const [i, email] of emails.entries()) {
      const res = await postForm(
        `${server.url}/petitions/${petition.slug}`,
        validSignature({ email, source: i < 2 ? 'vigil-flyer' : 'church' }),
      )
      expect(res.status).toBe(303)
    }
    expect(await storedSource(emails[0]!)).toBe('vigil-flyer')
    expect(await storedSource(emails[2]!)).toBe('church')
    // Unconfirmed signatures do not count, by source either.
    let api = await callApi(server.url, 'GET', `/api/v1/petitions/${petition.id}`)
    expect(api.body.sources).toEqual([])

    for (const email of emails) await confirmByMail(email)
    api = await callApi(server.url, 'GET', `/api/v1/petitions/${petition.id}`)
    expect(api.body.sources).toEqual([
      { source: 'vigil-flyer', total_signatures: 2 },
      { source: 'church', total_signatures: 1 },
    ])
    const list = await callApi(server.url, 'GET', '/api/v1/petitions?per_page=100')
    const item = list.body._embedded['osdi:petitions'].find(
      (p: { id: string }) => p.id === petition.id,
    )
    expect(item.sources).toEqual(api.body.sources)
  })

  it('signs without a source when the code does not fit, rather than refusing the signer', async () => {
    const { petition } = await makePetition()
    const email = `badsrc.${Date.now()}@example.org`
    const res = await postForm(
      `${server.url}/petitions/${petition.slug}`,
      validSignature({ email, source: '<script>alert(1)</script>' }),
    )
    expect(res.status).toBe(303)
    expect(await storedSource(email)).toBeNull()
  })

  it('takes OSDI referrer_data.source in the API, shows it on the signature, refuses a bad one', async () => {
    const org = await makeApiOrganization()
    const email = `osdi.${Date.now()}@example.org`
    const person = {
      given_name: 'Osdi',
      family_name: 'Signer',
      email_addresses: [{ address: email }],
      postal_addresses: [{ postal_code: '78701' }],
    }
    const path = `/api/v1/petitions/${org.petition.id}/signatures`
    const bad = await callApi(server.url, 'POST', path, {
      body: { person, referrer_data: { source: 'has spaces!' } },
    })
    expect(bad.status).toBe(422)
    expect(Object.keys(bad.body.error.fields)).toContain('referrer_data.source')

    const ok = await callApi(server.url, 'POST', path, {
      body: { person, referrer_data: { source: 'Partner-Site' } },
    })
    expect(ok.status).toBe(202)
    const list = await callApi(server.url, 'GET', path, { token: org.token })
    const mine = list.body._embedded['osdi:signatures'].find(
      (s: { person: { email_addresses: { address: string }[] } }) =>
        s.person.email_addresses[0]!.address === email,
    )
    expect(mine.referrer_data).toEqual({ source: 'partner-site' })
  })

  it("lists the counts per source on the petition's dashboard page", async () => {
    const organizationName = `Src Org ${Date.now()}`
    const { petition } = await makePetition({ organizationName })
    const email = `dash.${Date.now()}@example.org`
    await postForm(
      `${server.url}/petitions/${petition.slug}`,
      validSignature({ email, source: 'radio' }),
    )
    await confirmByMail(email)
    const organizer = await makeOrganizer({ organizationName })
    const cookie = await signInCookie(server.url, { email: organizer.user.email })
    const html = await (
      await fetch(`${server.url}/dashboard/petitions/${petition.id}`, { headers: { cookie } })
    ).text()
    const table = /<section[^>]*aria-labelledby="sources-heading"[\s\S]*?<\/section>/.exec(
      html,
    )?.[0]
    expect(table).toBeDefined()
    expect(table).toMatch(/<td>radio<\/td><td[^>]*>1<\/td>/)
  })
})
