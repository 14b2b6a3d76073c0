/**
 * Campaigning together (issue 15, decision 043), end to end over HTTP with
 * the worker and a real SMTP server: a lead organization invites partners
 * in its dashboard, their admins accept (and one later ends it); signers
 * choose which organizations may contact them on the one sign form; each
 * partner reads and mails only the signers who ticked it; the count is one
 * combined count; per-partner numbers show on the dashboard and in the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '../app/models/api-token.server'
import { deleteOrphanSupporters } from '../app/models/retention.server'
import { db } from '../app/utils/db.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { validSignature } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { eventually, postForm, startTestServer, type TestServer } from './helpers/server'
import { rawHeader, recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

type Org = Awaited<ReturnType<typeof makeApiOrganization>>

let server: TestServer
let smtp: SmtpSink
let lead: Org
let faith: Org
let coalition: Org
const cookies: Record<string, string> = {}
const adminTokens: Record<string, string> = {}

async function admin(org: Org, key: string) {
  const { user } = await makeOrganizer({ organizationName: org.organization.name })
  cookies[key] = await signInCookie(server.url, { email: user.email })
  adminTokens[key] = (
    await createApiToken({ userId: user.id, organizationId: org.organization.id, name: 'admin' })
  ).token
}

function dashboardPost(key: string, path: string, fields: Record<string, string>) {
  return postForm(`${server.url}${path}`, fields, { cookie: cookies[key]! })
}

async function dashboardPage(key: string, path: string) {
  const res = await fetch(`${server.url}${path}`, {
    headers: { cookie: cookies[key]! },
    redirect: 'manual',
  })
  return { status: res.status, html: await res.text() }
}

/** A sign form post as a browser without JavaScript sends it: repeated boxes included. */
function sign(path: string, fields: [string, string][]) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  })
}

async function signAndConfirm(path: string, extra: [string, string][], email: string) {
  const base = validSignature({ email })
  const res = await sign(path, [...Object.entries(base), ...extra])
  expect(res.status).toBe(303)
  const mail = await smtp.waitForMail((m) => recipient(m) === email)
  const link = /\/confirm\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')![0]
  expect((await postForm(`${server.url}${link}`, {})).status).toBeLessThan(400)
}

const api = (token: string, method: string, path: string, body?: unknown) =>
  callApi(server.url, method, `/api/v1${path}`, { token, body })

async function campaign(token: string, subject: string): Promise<string[]> {
  const created = await api(token, 'POST', '/messages', {
    subject,
    body: 'Hello {{ supporter.first_name }}: {{ petition.title }}.',
    targets: [{ petition_id: lead.petition.id }],
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  expect((await api(token, 'POST', `/messages/${created.body.id}/send`)).status).toBe(200)
  const done = await eventually(async () => {
    const m = await api(token, 'GET', `/messages/${created.body.id}`)
    return m.body.status === 'sent' ? m.body : undefined
  })
  const got = smtp.messages.filter((m) => m.subject === subject)
  expect(got.length).toBe(done.statistics.total_targeted)
  return got.map(recipient).sort()
}

const ONLY_FAITH = 'only.faith@example.org'
const ONLY_LEAD = 'only.lead@example.org'
const BOTH = 'lead.and.faith@example.org'
const COALITION = 'coalition@example.org'
const BOGUS = 'bogus.boxes@example.org'

beforeAll(async () => {
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
  lead = await makeApiOrganization(`Innocence Project ${Date.now()}`)
  faith = await makeApiOrganization(`Faith Network ${Date.now()}`)
  coalition = await makeApiOrganization(`State Coalition ${Date.now()}`)
  await admin(lead, 'lead')
  await admin(faith, 'faith')
  await admin(coalition, 'coalition')
}, 60_000)

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

describe('partners on one petition', () => {
  const invitePath = () => `/dashboard/petitions/${lead.petition.id}/partners`

  it('are invited by the lead, accepted by their admins, and named on the public page', async () => {
    // Only an admin invites; an unknown organization is a message beside the field.
    const unknown = await dashboardPost('lead', invitePath(), { partner: 'no-such-org' })
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('No organization on this Vigil is “no-such-org”')
    for (const org of [faith, coalition]) {
      const res = await dashboardPost('lead', invitePath(), { partner: org.organization.slug })
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toContain('done=invited')
    }
    const again = await dashboardPost('lead', invitePath(), { partner: faith.organization.slug })
    expect(again.status).toBe(409)

    // Not yet a partner: not named, no consent box.
    const before = await (await fetch(`${server.url}/petitions/${lead.petition.slug}`)).text()
    expect(before).not.toContain(faith.organization.name)

    // The partner's admin sees the invitation and accepts; an organizer may not.
    const list = await dashboardPage('faith', '/dashboard/partners')
    expect(list.html).toContain(lead.petition.title)
    const organizer = await signInCookie(server.url, {
      email: faith.user.email,
      password: 'correct horse battery staple',
    })
    const refused = await postForm(
      `${server.url}/dashboard/partners`,
      { intent: 'accept', petitionId: lead.petition.id },
      { cookie: organizer },
    )
    expect(refused.status).toBe(403)
    for (const key of ['faith', 'coalition']) {
      const res = await dashboardPost(key, '/dashboard/partners', {
        intent: 'accept',
        petitionId: lead.petition.id,
      })
      expect(res.status).toBe(303)
    }

    const page = await eventually(async () => {
      const html = await (await fetch(`${server.url}/petitions/${lead.petition.slug}`)).text()
      return html.includes(faith.organization.name) ? html : undefined
    })
    expect(page).toContain(
      `Together with ${[coalition, faith]
        .map((o) => o.organization.name)
        .sort()
        .join(', ')}.`,
    )
    // One unticked box per partner, named, beside the lead's own.
    for (const org of [faith, coalition]) {
      const box = new RegExp(
        `<input id="sign-partner-${org.organization.id}" type="checkbox" name="subscribe_partner" value="${org.organization.id}"/>`,
      )
      expect(page).toMatch(box)
      expect(page).toContain(`Keep me updated by email from ${org.organization.name}`)
    }
    // Each side's audit log says who did it.
    const logged = await db()<{ organizationId: string; action: string }[]>`
      select organization_id, action from audit_log where action like 'partner.%'`
    expect(logged).toEqual(
      expect.arrayContaining([
        { organizationId: lead.organization.id, action: 'partner.invited' },
        { organizationId: faith.organization.id, action: 'partner.accepted' },
      ]),
    )
    const embed = await (await fetch(`${server.url}/embed/petitions/${lead.petition.slug}`)).text()
    expect(embed).toContain(`name="subscribe_partner" value="${faith.organization.id}"`)
    expect(embed).toContain(faith.organization.name)
  })

  it('store consent per organization: a partner-only signer is the partner’s alone', async () => {
    const slug = lead.petition.slug
    const faithSource = faith.organization.slug
    // A form sent back with an error keeps the partner's box as the signer left it.
    const invalid = await sign(`/petitions/${slug}`, [
      ['name', 'No Email'],
      ['postalCode', '78701'],
      ['subscribe_partner', faith.organization.id],
    ])
    expect(invalid.status).toBe(400)
    const again = await invalid.text()
    const box = (id: string) =>
      new RegExp(`<input[^>]*name="subscribe_partner"[^>]*value="${id}"[^>]*>`).exec(again)?.[0]
    expect(box(faith.organization.id)).toContain('checked=""')
    expect(box(coalition.organization.id)).not.toContain('checked')
    await signAndConfirm(
      `/petitions/${slug}`,
      [
        ['subscribe_partner', faith.organization.id],
        ['source', faithSource],
      ],
      ONLY_FAITH,
    )
    await signAndConfirm(`/petitions/${slug}`, [['subscribe', 'on']], ONLY_LEAD)
    await signAndConfirm(
      `/embed/petitions/${slug}?source=${faithSource}`,
      [
        ['subscribe', 'on'],
        ['subscribe_partner', faith.organization.id],
        ['source', faithSource],
      ],
      BOTH,
    )
    await signAndConfirm(
      `/petitions/${slug}`,
      [['subscribe_partner', coalition.organization.id]],
      COALITION,
    )
    // Not ids, or ids of no partner: ignored, never an error.
    await signAndConfirm(
      `/petitions/${slug}`,
      [
        ['subscribe_partner', 'nonsense'],
        ['subscribe_partner', lead.organization.id],
        ['subscribe_partner', '00000000-0000-4000-8000-000000000000'],
      ],
      BOGUS,
    )

    // The partner's token reads only its own consenting signers, with emails.
    const faithList = await api(
      adminTokens.faith!,
      'GET',
      `/petitions/${lead.petition.id}/signatures`,
    )
    expect(faithList.status).toBe(200)
    const emails = (body: {
      _embedded: Record<string, { person: { email_addresses: { address: string }[] } }[]>
    }) => body._embedded['osdi:signatures']!.map((s) => s.person.email_addresses[0]!.address).sort()
    expect(emails(faithList.body)).toEqual([BOTH, ONLY_FAITH])
    expect(faithList.body.total_records).toBe(2)
    const coalitionList = await api(
      adminTokens.coalition!,
      'GET',
      `/petitions/${lead.petition.id}/signatures`,
    )
    expect(emails(coalitionList.body)).toEqual([COALITION])

    // The lead moderates every signature, but sees partner-only signers without their email.
    const leadList = await api(lead.token, 'GET', `/petitions/${lead.petition.id}/signatures`)
    expect(leadList.body.total_records).toBe(5)
    const leadEmails = emails(leadList.body)
    expect(leadEmails).toContain(ONLY_LEAD)
    expect(leadEmails).toContain(BOTH)
    expect(leadEmails).toContain(BOGUS)
    expect(leadEmails).not.toContain(ONLY_FAITH)
    expect(leadEmails).not.toContain(COALITION)
    // Nor does a search by that email find them.
    const probe = await api(
      lead.token,
      'GET',
      `/petitions/${lead.petition.id}/signatures?q=${encodeURIComponent(ONLY_FAITH)}`,
    )
    expect(probe.body.total_records).toBe(0)
    const csv = await api(lead.token, 'GET', `/petitions/${lead.petition.id}/signatures.csv`)
    expect(csv.status).toBe(200)
    expect(String(csv.body)).toContain(ONLY_LEAD)
    expect(String(csv.body)).not.toContain(ONLY_FAITH)

    // The daily privacy sweep keeps a partner's supporters while their consent stands.
    await db()`update supporters set updated_at = now() - interval '2 days'
      where organization_id = ${faith.organization.id}`
    await deleteOrphanSupporters()
    const kept = await api(adminTokens.faith!, 'GET', `/petitions/${lead.petition.id}/signatures`)
    expect(kept.body.total_records).toBe(2)

    // The partner's dashboard page lists its own signers, read-only.
    const page = await dashboardPage('faith', `/dashboard/partners/${lead.petition.id}`)
    expect(page.status).toBe(200)
    expect(page.html).toContain(ONLY_FAITH)
    expect(page.html).toContain(BOTH)
    expect(page.html).not.toContain(ONLY_LEAD)
    expect(page.html).not.toContain(COALITION)
    const partnerCsv = await fetch(`${server.url}/dashboard/partners/${lead.petition.id}/export`, {
      headers: { cookie: cookies.faith! },
    })
    expect(partnerCsv.status).toBe(200)
    const bytes = Buffer.from(await partnerCsv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = bytes.subarray(3).toString('utf8').trim().split('\r\n')
    expect(rows[0]).toBe('name,email,postal_code,country,signed_at,unsubscribed')
    expect(
      rows
        .slice(1)
        .map((r) => r.split(',')[1])
        .sort(),
    ).toEqual([BOTH, ONLY_FAITH])
  })

  it('counts one combined count, with numbers per partner on the dashboard and in the API', async () => {
    const count = await eventually(async () => {
      const res = await api('', 'GET', `/petitions/${lead.petition.id}`)
      return res.body.total_signatures === 5 ? res.body.total_signatures : undefined
    })
    expect(count).toBe(5)

    const own = await api(lead.token, 'GET', `/petitions/${lead.petition.id}`)
    expect(own.status).toBe(200)
    const byName = Object.fromEntries(
      own.body.partners.map((p: { organization: { name: string } }) => [p.organization.name, p]),
    )
    expect(byName[faith.organization.name]).toEqual({
      organization: {
        id: faith.organization.id,
        name: faith.organization.name,
        slug: faith.organization.slug,
      },
      source: faith.organization.slug,
      total_signatures: 2,
      total_subscribers: 2,
    })
    expect(byName[coalition.organization.name]).toMatchObject({
      total_signatures: 0,
      total_subscribers: 1,
    })
    // The partner reads the petition and its own line only; the public sees no partners' numbers.
    const theirs = await api(adminTokens.faith!, 'GET', `/petitions/${lead.petition.id}`)
    expect(theirs.body.total_signatures).toBe(5)
    expect(theirs.body.partners).toEqual([byName[faith.organization.name]])
    expect((await api('', 'GET', `/petitions/${lead.petition.id}`)).body.partners).toBeUndefined()

    const dash = await dashboardPage('lead', `/dashboard/petitions/${lead.petition.id}`)
    const row = new RegExp(
      `data-partner="${faith.organization.slug}">.*?<td class="num">2</td><td class="num">2</td>`,
    )
    expect(dash.html).toMatch(row)
  })

  it('mails each organization’s own consenting signers, from that organization', async () => {
    const faithGot = await campaign(adminTokens.faith!, 'From the faith network')
    expect(faithGot).toEqual([BOTH, ONLY_FAITH])
    const mail = smtp.messages.find((m) => m.subject === 'From the faith network')!
    expect(mail.from?.text).toContain(faith.organization.name)
    const leadGot = await campaign(lead.token, 'From the lead')
    expect(leadGot).toEqual([BOTH, ONLY_LEAD])

    // Unsubscribing from the partner (its mail's one-click link) leaves the lead's list as it was.
    const faithMailToBoth = smtp.messages.find(
      (m) => m.subject === 'From the faith network' && recipient(m) === BOTH,
    )!
    const link = /<(http[^>]+)>/.exec(rawHeader(faithMailToBoth, 'list-unsubscribe')!)![1]!
    expect((await postForm(link, {})).status).toBeLessThan(400)
    expect(await campaign(adminTokens.faith!, 'Again from faith')).toEqual([ONLY_FAITH])
    expect(await campaign(lead.token, 'Again from the lead')).toEqual([BOTH, ONLY_LEAD])
  })

  it('exports what a partner holds about a person: the consent, and the signature it came with', async () => {
    const res = await api(adminTokens.faith!, 'POST', '/supporters/export', { email: ONLY_FAITH })
    expect(res.status).toBe(200)
    expect(res.body.signatures).toEqual([])
    expect(res.body.supporters).toHaveLength(1)
    expect(res.body.partner_consents).toEqual([
      expect.objectContaining({
        petition_id: lead.petition.id,
        petition_title: lead.petition.title,
        petition_organization: lead.organization.name,
        email: ONLY_FAITH,
        consent_text: expect.stringContaining(faith.organization.name),
      }),
    ])
    // The lead's export of the same person holds the signature, and no consent to another.
    const leads = await api(adminTokens.lead!, 'POST', '/supporters/export', { email: ONLY_FAITH })
    expect(leads.body.signatures).toHaveLength(1)
    expect(leads.body.partner_consents).toEqual([])
  })

  it('ends from either side: no longer named or offered, its signatures still counted', async () => {
    const ended = await dashboardPost('coalition', '/dashboard/partners', {
      intent: 'end',
      petitionId: lead.petition.id,
    })
    expect(ended.status).toBe(303)
    const byLead = await dashboardPost('lead', invitePath(), {
      intent: 'end',
      partnerId: faith.organization.id,
    })
    expect(byLead.status).toBe(303)
    const page = await eventually(async () => {
      const html = await (await fetch(`${server.url}/petitions/${lead.petition.slug}`)).text()
      return html.includes(faith.organization.name) ? undefined : html
    })
    expect(page).not.toContain(coalition.organization.name)
    expect(page).not.toContain('subscribe_partner')
    // A former partner reads nothing of it any more.
    expect((await dashboardPage('faith', `/dashboard/partners/${lead.petition.id}`)).status).toBe(
      404,
    )
    const list = await api(adminTokens.faith!, 'GET', `/petitions/${lead.petition.id}/signatures`)
    expect(list.status).toBe(404)
    // The count is the same; the lead sees the former partners under “Former partners”.
    const res = await api('', 'GET', `/petitions/${lead.petition.id}`)
    expect(res.body.total_signatures).toBe(5)
    const partners = await dashboardPage('lead', invitePath())
    expect(partners.html).toContain('Former partners')
    expect((await api(lead.token, 'GET', `/petitions/${lead.petition.id}`)).body.partners).toEqual(
      [],
    )
  })
})
