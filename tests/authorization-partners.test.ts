/**
 * The authorization walk with partner roles (issue 15, decision 043): an
 * active partner of the lead's petition, with its admin's token and
 * session, reads the petition's numbers and its own consenting signers,
 * and nothing else: every way to change the petition, its case or its
 * officials answers 404, and another partner's signers and the lead's
 * stay out of everything it reads. The lead's rows are as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '../app/models/api-token.server'
import { answerPartnerInvitation, invitePartner } from '../app/models/partner.server'
import { sign } from '../app/services/signing.server'
import { getPetitionForSigning } from '../app/models/public-petition.server'
import { db } from '../app/utils/db.server'
import { SignatureSchema } from '../app/validation/signature'
import { callApi, makeApiOrganization } from './helpers/api'
import { validSignature } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { startTestServer, type TestServer } from './helpers/server'

type Org = Awaited<ReturnType<typeof makeApiOrganization>>

let server: TestServer
let lead: Org
let partner: Org
let other: Org
let token: string
let cookie: string
let signatureIds: string[]

const PARTNER_SIGNER = 'mine@partner.example'
const OTHER_SIGNER = 'theirs@other.example'
const LEAD_SIGNER = 'lead@lead.example'

async function snapshot(organizationId: string) {
  const sql = db()
  return JSON.stringify(
    await Promise.all([
      sql`select * from cases where organization_id = ${organizationId} order by id`,
      sql`select * from officials where organization_id = ${organizationId} order by id`,
      sql`select * from petitions where organization_id = ${organizationId} order by id`,
      sql`select pt.* from petition_targets pt join petitions p on p.id = pt.petition_id
        where p.organization_id = ${organizationId} order by pt.official_id`,
      sql`select s.id, s.status, s.email from signatures s join petitions p on p.id = s.petition_id
        where p.organization_id = ${organizationId} order by s.id`,
      sql`select pp.organization_id, pp.status from petition_partners pp
        join petitions p on p.id = pp.petition_id
        where p.organization_id = ${organizationId} order by pp.organization_id`,
    ]),
  )
}

beforeAll(async () => {
  server = await startTestServer({ worker: false })
  lead = await makeApiOrganization(`Walk Lead ${Date.now()}`)
  partner = await makeApiOrganization(`Walk Partner ${Date.now()}`)
  other = await makeApiOrganization(`Walk Other Partner ${Date.now()}`)
  for (const org of [partner, other]) {
    await invitePartner({
      ownerId: lead.organization.id,
      petitionId: lead.petition.id,
      partner: org.organization.slug,
      invitedBy: null,
    })
    await answerPartnerInvitation({
      partnerId: org.organization.id,
      petitionId: lead.petition.id,
      accept: true,
    })
  }
  const { user } = await makeOrganizer({ organizationName: partner.organization.name })
  cookie = await signInCookie(server.url, { email: user.email })
  token = (
    await createApiToken({ userId: user.id, organizationId: partner.organization.id, name: 'w' })
  ).token
  const petition = (await getPetitionForSigning(lead.petition.slug))!
  for (const [email, subscribe, partners] of [
    [PARTNER_SIGNER, '', [partner.organization.id]],
    [OTHER_SIGNER, '', [other.organization.id]],
    [LEAD_SIGNER, 'on', []],
  ] as const) {
    const input = SignatureSchema.parse({
      ...validSignature({ email }),
      subscribe,
      subscribe_partner: [...partners],
    })
    await sign({ petition, input, ip: null, userAgent: null })
  }
  await db()`update signatures set status = 'confirmed', confirmed_at = now()
    where petition_id = ${lead.petition.id}`
  signatureIds = (
    await db()<{ id: string }[]>`select id from signatures where petition_id = ${lead.petition.id}`
  ).map((r) => r.id)
})

afterAll(() => server?.close())

const api = (method: string, path: string, body?: unknown) =>
  callApi(server.url, method, `/api/v1${path}`, { token, body })

async function page(path: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}${path}`, {
    ...init,
    headers: {
      cookie,
      ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    redirect: 'manual',
  })
  return { status: res.status, body: await res.text() }
}

const post = (path: string, fields: Record<string, string>) =>
  page(path, { method: 'POST', body: new URLSearchParams(fields).toString() })

describe('a partner organization', () => {
  it('reads the petition’s numbers and only its own consenting signers', async () => {
    const petition = await api('GET', `/petitions/${lead.petition.id}`)
    expect(petition.status).toBe(200)
    expect(petition.body.total_signatures).toBeTypeOf('number')
    expect(petition.body.partners).toHaveLength(1)
    expect(petition.body.partners[0].organization.id).toBe(partner.organization.id)
    expect(petition.body.decision_warning).toBeUndefined()

    const list = await api('GET', `/petitions/${lead.petition.id}/signatures`)
    expect(list.status).toBe(200)
    const text = JSON.stringify(list.body)
    expect(text).toContain(PARTNER_SIGNER)
    expect(text).not.toContain(OTHER_SIGNER)
    expect(text).not.toContain(LEAD_SIGNER)

    const dash = await page(`/dashboard/partners/${lead.petition.id}`)
    expect(dash.status).toBe(200)
    expect(dash.body).toContain(PARTNER_SIGNER)
    expect(dash.body).not.toContain(OTHER_SIGNER)
    expect(dash.body).not.toContain(LEAD_SIGNER)

    const csv = await page(`/dashboard/partners/${lead.petition.id}/export`)
    expect(csv.status).toBe(200)
    expect(csv.body).toContain(PARTNER_SIGNER)
    expect(csv.body).not.toContain(OTHER_SIGNER)
    expect(csv.body).not.toContain(LEAD_SIGNER)

    // Its own organization export holds its own supporters only.
    const exported = await api('GET', '/export')
    const all = typeof exported.body === 'string' ? exported.body : JSON.stringify(exported.body)
    expect(all).not.toContain(OTHER_SIGNER)
    expect(all).not.toContain(LEAD_SIGNER)
  })

  it('changes nothing of the petition, its case or its officials, through the API', async () => {
    const before = await snapshot(lead.organization.id)
    const id = lead.petition.id
    const attempts: [string, string, unknown][] = [
      ['PATCH', `/petitions/${id}`, { title: 'Taken over', status: 'closed' }],
      ['GET', `/petitions/${id}/signatures/${signatureIds[0]}`, undefined],
      ['PATCH', `/petitions/${id}/signatures/${signatureIds[0]}`, { status: 'invalidated' }],
      ['GET', `/petitions/${id}/signatures.csv`, undefined],
      ['GET', `/petitions/${id}/packet.pdf`, undefined],
      ['PATCH', `/cases/${lead.case.id}`, { status: 'executed' }],
      ['POST', `/cases/${lead.case.id}/events`, { kind: 'note', note: 'x' }],
      ['PATCH', `/officials/${lead.governor.id}`, { name: 'Taken over' }],
    ]
    for (const [method, path, body] of attempts) {
      const res = await api(method, path, body)
      expect([404, 405], `${method} ${path}`).toContain(res.status)
    }
    const outreach = await api('POST', '/outreaches', {
      petition_id: id,
      target_ids: [lead.governor.id],
      subject: 'x',
      body: 'y',
    })
    expect([404, 422], 'POST /outreaches').toContain(outreach.status)
    expect(await snapshot(lead.organization.id)).toBe(before)
  })

  it('changes nothing through the dashboard, and cannot end another partner', async () => {
    const before = await snapshot(lead.organization.id)
    const id = lead.petition.id
    for (const path of [
      `/dashboard/petitions/${id}`,
      `/dashboard/petitions/${id}/edit`,
      `/dashboard/petitions/${id}/signatures`,
      `/dashboard/petitions/${id}/export`,
      `/dashboard/petitions/${id}/partners`,
      `/dashboard/cases/${lead.case.id}`,
      `/dashboard/officials/${lead.governor.id}`,
    ])
      expect((await page(path)).status, path).toBe(404)
    const posts: [string, Record<string, string>][] = [
      [`/dashboard/petitions/${id}`, { intent: 'status', status: 'closed' }],
      [`/dashboard/petitions/${id}/edit`, { title: 'Taken over', body: '', goal: '5' }],
      [`/dashboard/petitions/${id}/partners`, { intent: 'invite', partner: 'anyone' }],
      [`/dashboard/petitions/${id}/partners`, { intent: 'end', partnerId: other.organization.id }],
      [`/dashboard/cases/${lead.case.id}`, { intent: 'update', personName: 'Taken over' }],
    ]
    for (const [path, fields] of posts) expect((await post(path, fields)).status, path).toBe(404)
    expect(await snapshot(lead.organization.id)).toBe(before)
  })

  it('reads nothing once the partnership is ended', async () => {
    const ended = await post('/dashboard/partners', { intent: 'end', petitionId: lead.petition.id })
    expect(ended.status).toBe(303)
    expect((await api('GET', `/petitions/${lead.petition.id}/signatures`)).status).toBe(404)
    expect((await page(`/dashboard/partners/${lead.petition.id}`)).status).toBe(404)
    expect((await page(`/dashboard/partners/${lead.petition.id}/export`)).status).toBe(404)
    // The petition is public: as the public sees it, without partners' numbers.
    const petition = await api('GET', `/petitions/${lead.petition.id}`)
    expect(petition.status).toBe(200)
    expect(petition.body.partners).toBeUndefined()
  })
})
