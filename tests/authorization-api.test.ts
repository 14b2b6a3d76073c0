/**
 * Organization A, with a valid token, walks every API endpoint against
 * organization B's ids: nothing of B's can be read or changed, and every
 * answer is the contract's 404 (or a 422 naming the field, where B's id
 * sits inside A's own request body). A last check proves B's rows are
 * exactly as they were, and that every API route file is walked here.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebhook } from '../app/models/webhook.server'
import { db } from '../app/utils/db.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { startTestServer, type TestServer } from './helpers/server'

type Org = Awaited<ReturnType<typeof makeApiOrganization>>

let server: TestServer
let a: Org
let b: Org
let bDraftId: string
let bMessageId: string
let bOutreachId: string
let bWebhookId: string
let bSignatureId: string
let bEventId: string
let bSnapshot: string

/** Everything of B's that A might touch, as one comparable string. */
async function snapshot(organizationId: string): Promise<string> {
  const sql = db()
  const rows = await Promise.all([
    sql`select * from cases where organization_id = ${organizationId} order by id`,
    sql`select e.* from case_events e join cases c on c.id = e.case_id
        where c.organization_id = ${organizationId} order by e.id`,
    sql`select co.* from case_officials co join cases c on c.id = co.case_id
        where c.organization_id = ${organizationId} order by co.official_id`,
    sql`select * from officials where organization_id = ${organizationId} order by id`,
    sql`select * from petitions where organization_id = ${organizationId} order by id`,
    sql`select pt.* from petition_targets pt join petitions p on p.id = pt.petition_id
        where p.organization_id = ${organizationId} order by pt.petition_id, pt.official_id`,
    sql`select s.id, s.status, s.name, s.email from signatures s
        join petitions p on p.id = s.petition_id
        where p.organization_id = ${organizationId} order by s.id`,
    sql`select id, status, subject, scheduled_at from messages
        where organization_id = ${organizationId} order by id`,
    sql`select o.id, o.status, o.scheduled_at, d.status as delivery_status from outreaches o
        join outreach_deliveries d on d.outreach_id = o.id
        where o.organization_id = ${organizationId} order by o.id, d.id`,
    sql`select * from webhooks where organization_id = ${organizationId} order by id`,
  ])
  return JSON.stringify(rows)
}

beforeAll(async () => {
  server = await startTestServer({ worker: false })
  a = await makeApiOrganization('Authorization Org A')
  b = await makeApiOrganization('Authorization Org B')
  const draft = await callApi(server.url, 'POST', '/api/v1/petitions', {
    token: b.token,
    body: { case_id: b.case.id, title: 'B draft' },
  })
  expect(draft.status).toBe(201)
  bDraftId = draft.body.id
  const signed = await callApi(
    server.url,
    'POST',
    `/api/v1/petitions/${b.petition.id}/signatures`,
    {
      body: {
        person: {
          given_name: 'Bea',
          family_name: 'Signer',
          email_addresses: [{ address: 'bea@example.org' }],
          postal_addresses: [{ postal_code: '78701', country: 'US' }],
        },
      },
    },
  )
  expect(signed.status).toBe(202)
  const message = await callApi(server.url, 'POST', '/api/v1/messages', {
    token: b.token,
    body: { subject: 'B news', body: 'Hello', targets: [{ petition_id: b.petition.id }] },
  })
  expect(message.status).toBe(201)
  bMessageId = message.body.id
  const outreach = await callApi(server.url, 'POST', '/api/v1/outreaches', {
    token: b.token,
    body: {
      petition_id: b.petition.id,
      target_ids: [b.governor.id],
      subject: 'B delivery',
      body: 'Dear {{ official.name }}',
      scheduled_at: new Date(Date.now() + 86_400_000).toISOString(),
    },
  })
  expect(outreach.status).toBe(201)
  bOutreachId = outreach.body.id
  const own = await callApi(server.url, 'POST', '/api/v1/outreaches', {
    token: a.token,
    body: {
      petition_id: a.petition.id,
      target_ids: [a.governor.id],
      subject: 'A delivery',
      body: 'Hi',
      scheduled_at: new Date(Date.now() + 86_400_000).toISOString(),
    },
  })
  expect(own.status).toBe(201)
  const ownMessage = await callApi(server.url, 'POST', '/api/v1/messages', {
    token: a.token,
    body: { subject: 'A news', body: 'Hello', targets: [{ petition_id: a.petition.id }] },
  })
  expect(ownMessage.status).toBe(201)
  const hook = { events: ['case.updated' as const], secret: 'whsec_dGVzdA==', createdBy: null }
  bWebhookId = (
    await createWebhook({ ...hook, organizationId: b.organization.id, url: 'https://b.example/h' })
  ).id
  await createWebhook({ ...hook, organizationId: a.organization.id, url: 'https://a.example/h' })
  const [signature] = await db()<{ id: string }[]>`
    select id from signatures where petition_id = ${b.petition.id}`
  bSignatureId = signature!.id
  const [event] = await db()<{ id: string }[]>`
    select id from case_events where case_id = ${b.case.id} limit 1`
  bEventId = event!.id
  bSnapshot = await snapshot(b.organization.id)
})

afterAll(async () => {
  await server?.close()
})

interface Walk {
  /** The route module this request reaches. */
  route: string
  method: string
  path: () => string
  body?: () => unknown
  /** 404, or 422 with this field when B's id is inside A's own body. */
  expect: 404 | { status: 422; field: string }
}

const WALKS: Walk[] = [
  // Cases
  {
    route: 'api.v1.cases.$id.ts',
    method: 'GET',
    path: () => `/cases/${b.case.id}`,
    expect: 404,
  },
  {
    route: 'api.v1.cases.$id.ts',
    method: 'PATCH',
    path: () => `/cases/${b.case.id}`,
    body: () => ({ status: 'stayed', note: 'hijack' }),
    expect: 404,
  },
  {
    route: 'api.v1.cases.$id.ts',
    method: 'PATCH',
    path: () => `/cases/${a.case.id}`,
    body: () => ({ decision_makers: [{ official_id: b.governor.id, role: 'governor' }] }),
    expect: { status: 422, field: 'decision_makers' },
  },
  {
    route: 'api.v1.cases.$id.events.ts',
    method: 'POST',
    path: () => `/cases/${b.case.id}/events`,
    body: () => ({ kind: 'note', note: 'hijack' }),
    expect: 404,
  },
  {
    route: 'api.v1.cases.ts',
    method: 'POST',
    path: () => '/cases',
    body: () => ({
      person_name: 'Borrowed Governor',
      jurisdiction: 'Texas',
      decision_makers: [{ official_id: b.governor.id, role: 'governor' }],
    }),
    expect: { status: 422, field: 'decision_makers' },
  },
  {
    route: 'api.v1.cases.$id.events.ts',
    method: 'GET',
    path: () => `/cases/${b.case.id}/events`,
    expect: 404,
  },
  {
    route: 'api.v1.cases.$id.events.$eventId.ts',
    method: 'GET',
    path: () => `/cases/${b.case.id}/events/${bEventId}`,
    expect: 404,
  },
  {
    route: 'api.v1.cases.$id.events.$eventId.ts',
    method: 'GET',
    path: () => `/cases/${a.case.id}/events/${bEventId}`,
    expect: 404,
  },
  // Officials
  {
    route: 'api.v1.officials.$id.ts',
    method: 'GET',
    path: () => `/officials/${b.governor.id}`,
    expect: 404,
  },
  {
    route: 'api.v1.officials.$id.ts',
    method: 'PATCH',
    path: () => `/officials/${b.governor.id}`,
    body: () => ({ name: 'Hijacked' }),
    expect: 404,
  },
  // Petitions
  {
    route: 'api.v1.petitions.$id.ts',
    method: 'GET',
    path: () => `/petitions/${bDraftId}`,
    expect: 404,
  },
  {
    route: 'api.v1.petitions.$id.ts',
    method: 'PATCH',
    path: () => `/petitions/${b.petition.id}`,
    body: () => ({ status: 'closed' }),
    expect: 404,
  },
  {
    route: 'api.v1.petitions.$id.packet[.pdf].ts',
    method: 'GET',
    path: () => `/petitions/${b.petition.id}/packet.pdf`,
    expect: 404,
  },
  {
    route: 'api.v1.petitions.$id.ts',
    method: 'PATCH',
    path: () => `/petitions/${bDraftId}`,
    body: () => ({ status: 'open', title: 'Hijacked' }),
    expect: 404,
  },
  {
    route: 'api.v1.petitions.$id.ts',
    method: 'PATCH',
    path: () => `/petitions/${a.petition.id}`,
    body: () => ({ target_ids: [b.governor.id] }),
    expect: { status: 422, field: 'target_ids' },
  },
  {
    route: 'api.v1.petitions.ts',
    method: 'POST',
    path: () => '/petitions',
    body: () => ({ case_id: b.case.id, title: 'On B’s case' }),
    expect: { status: 422, field: 'case_id' },
  },
  {
    route: 'api.v1.petitions.ts',
    method: 'POST',
    path: () => '/petitions',
    body: () => ({ case_id: a.case.id, title: 'At B’s governor', target_ids: [b.governor.id] }),
    expect: { status: 422, field: 'target_ids' },
  },
  // Signatures
  {
    route: 'api.v1.petitions.$id.signatures.ts',
    method: 'GET',
    path: () => `/petitions/${b.petition.id}/signatures`,
    expect: 404,
  },
  {
    route: 'api.v1.petitions.$id.signatures.ts',
    method: 'GET',
    path: () => `/petitions/${b.petition.id}/signatures?q=bea`,
    expect: 404,
  },
  {
    route: 'api.v1.petitions.$id.signatures[.csv].ts',
    method: 'GET',
    path: () => `/petitions/${b.petition.id}/signatures.csv`,
    expect: 404,
  },
  {
    route: 'api.v1.petitions.$id.signatures[.csv].ts',
    method: 'GET',
    path: () => `/petitions/${bDraftId}/signatures.csv?status=all`,
    expect: 404,
  },
  {
    route: 'api.v1.petitions.$id.signatures.$signatureId.ts',
    method: 'GET',
    path: () => `/petitions/${b.petition.id}/signatures/${bSignatureId}`,
    expect: 404,
  },
  {
    route: 'api.v1.petitions.$id.signatures.$signatureId.ts',
    method: 'GET',
    path: () => `/petitions/${a.petition.id}/signatures/${bSignatureId}`,
    expect: 404,
  },
  // Webhooks
  {
    route: 'api.v1.webhooks.$id.ts',
    method: 'GET',
    path: () => `/webhooks/${bWebhookId}`,
    expect: 404,
  },
  {
    route: 'api.v1.webhooks.$id.ts',
    method: 'DELETE',
    path: () => `/webhooks/${bWebhookId}`,
    expect: 404,
  },
  // Messages (campaigns to signers)
  {
    route: 'api.v1.messages.ts',
    method: 'POST',
    path: () => '/messages',
    body: () => ({
      subject: 'To B’s signers',
      body: 'Hi',
      targets: [{ petition_id: b.petition.id }],
    }),
    expect: { status: 422, field: 'targets' },
  },
  {
    route: 'api.v1.messages.$id.ts',
    method: 'GET',
    path: () => `/messages/${bMessageId}`,
    expect: 404,
  },
  {
    route: 'api.v1.messages.$id.send.ts',
    method: 'POST',
    path: () => `/messages/${bMessageId}/send`,
    expect: 404,
  },
  {
    route: 'api.v1.messages.$id.cancel.ts',
    method: 'POST',
    path: () => `/messages/${bMessageId}/cancel`,
    expect: 404,
  },
  // Outreach to officials
  {
    route: 'api.v1.outreaches.ts',
    method: 'POST',
    path: () => '/outreaches',
    body: () => ({
      petition_id: b.petition.id,
      target_ids: [a.governor.id],
      subject: 'About B’s petition',
      body: 'Hi',
    }),
    expect: { status: 422, field: 'petition_id' },
  },
  {
    route: 'api.v1.outreaches.ts',
    method: 'POST',
    path: () => '/outreaches',
    body: () => ({
      petition_id: a.petition.id,
      target_ids: [b.governor.id],
      subject: 'To B’s governor',
      body: 'Hi',
    }),
    expect: { status: 422, field: 'target_ids' },
  },
  {
    route: 'api.v1.outreaches.$id.ts',
    method: 'GET',
    path: () => `/outreaches/${bOutreachId}`,
    expect: 404,
  },
  {
    route: 'api.v1.outreaches.$id.cancel.ts',
    method: 'POST',
    path: () => `/outreaches/${bOutreachId}/cancel`,
    expect: 404,
  },
]

/** Lists: B's ids never appear among A's. */
const LISTS = [
  { route: 'api.v1.cases.ts', path: '/cases?per_page=100', key: 'osdi:cases' },
  { route: 'api.v1.officials.ts', path: '/officials?per_page=100', key: 'osdi:officials' },
  { route: 'api.v1.outreaches.ts', path: '/outreaches?per_page=100', key: 'osdi:outreaches' },
  { route: 'api.v1.messages.ts', path: '/messages?per_page=100', key: 'osdi:messages' },
  { route: 'api.v1.webhooks.ts', path: '/webhooks?per_page=100', key: 'osdi:webhooks' },
]

/**
 * Public by the contract: answered to anyone, so there is nothing of B's
 * they could leak to A. Said here so that the coverage check knows.
 */
const PUBLIC_ROUTES: Record<string, string> = {
  'api.v1.petitions.ts': 'GET lists open petitions of every organization (public)',
  'api.v1.petitions.$id.ts': 'GET shows a published petition (public)',
  'api.v1.petitions.$id.signatures.ts': 'POST records a signature (public)',
  'api.v1._index.ts': 'GET is the entry point (public): links, no data',
  'api.v1.openapi[.json].ts': 'GET is the OpenAPI description (public): no data',
  'api.$.ts': 'any unknown path under /api/ answers the JSON 404',
  'api.v1.export.ts': "GET exports the token's own organization only (tested above)",
}

describe('organization A against organization B, over the API', () => {
  for (const walk of WALKS) {
    const expected = walk.expect === 404 ? '404' : `422 on ${walk.expect.field}`
    it(`${walk.method} ${walk.route} with B's ids: ${expected}`, async () => {
      const res = await callApi(server.url, walk.method, `/api/v1${walk.path()}`, {
        token: a.token,
        body: walk.body?.(),
      })
      if (walk.expect === 404) {
        expect(res.status).toBe(404)
        expect(res.body.error.message).toBeTruthy()
      } else {
        expect(res.status).toBe(walk.expect.status)
        expect(res.body.error.fields[walk.expect.field]).toBeTruthy()
      }
    })
  }

  for (const list of LISTS) {
    it(`GET ${list.route} lists none of B's`, async () => {
      const res = await callApi(server.url, 'GET', `/api/v1${list.path}`, { token: a.token })
      expect(res.status).toBe(200)
      const ids = res.body._embedded[list.key].map((r: { id: string }) => r.id)
      expect(ids.length).toBeGreaterThan(0)
      expect(ids).not.toContain(b.case.id)
      expect(ids).not.toContain(b.governor.id)
      expect(ids).not.toContain(bOutreachId)
      expect(ids).not.toContain(bMessageId)
      expect(ids).not.toContain(bWebhookId)
    })
  }

  it("exports none of B's people, signatures or petitions", async () => {
    const res = await fetch(`${server.url}/api/v1/export`, {
      headers: { authorization: `Bearer ${a.token}` },
    })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(JSON.parse(text).organization.name).toBe(a.organization.name)
    for (const id of [b.petition.id, bSignatureId, bDraftId]) expect(text).not.toContain(id)
    expect(text).not.toContain('bea@example.org')
  })

  it('the same requests as B itself succeed (the walk tests ownership, not broken ids)', async () => {
    const asB = (method: string, p: string) =>
      callApi(server.url, method, `/api/v1${p}`, { token: b.token })
    expect((await asB('GET', `/cases/${b.case.id}`)).status).toBe(200)
    expect((await asB('GET', `/officials/${b.governor.id}`)).status).toBe(200)
    expect((await asB('GET', `/petitions/${bDraftId}`)).status).toBe(200)
    expect((await asB('GET', `/messages/${bMessageId}`)).status).toBe(200)
    expect((await asB('GET', `/outreaches/${bOutreachId}`)).status).toBe(200)
    expect((await asB('GET', `/petitions/${b.petition.id}/signatures`)).body.total_records).toBe(1)
    expect((await asB('GET', `/petitions/${b.petition.id}/signatures.csv?status=all`)).status).toBe(
      200,
    )
  })

  it("exports and erases none of B's supporters (A's admin token)", async () => {
    await db()`update memberships set role = 'admin' where user_id = ${a.user.id}`
    const asA = (p: string) =>
      callApi(server.url, 'POST', `/api/v1/supporters/${p}`, {
        token: a.token,
        body: { email: 'bea@example.org' },
      })
    const exported = await asA('export')
    expect(exported.status).toBe(200)
    expect(exported.body).toMatchObject({ supporters: [], signatures: [], other_mail: [] })
    const erased = await asA('erase')
    expect(erased.status).toBe(200)
    expect(erased.body.erased).toMatchObject({ signatures: 0, supporters: 0, other_mail: 0 })
    await db()`update memberships set role = 'organizer' where user_id = ${a.user.id}`
  })

  it('leaves every row of B exactly as it was', async () => {
    expect(await snapshot(b.organization.id)).toBe(bSnapshot)
  })

  it("GET api.v1.cases[.ics].ts lists A's cases and none of B's", async () => {
    const res = await fetch(`${server.url}/api/v1/cases.ics`, {
      headers: { authorization: `Bearer ${a.token}` },
    })
    expect(res.status).toBe(200)
    const feed = await res.text()
    expect(feed).toContain(`case-${a.case.id}@vigil`)
    expect(feed).not.toContain(b.case.id)
  })

  it('walks every API route module in app/routes', () => {
    const routes = fs
      .readdirSync(path.join(import.meta.dirname, '../app/routes'))
      .filter((f) => f.startsWith('api.'))
    const walked = new Set([
      ...WALKS.map((w) => w.route),
      ...LISTS.map((l) => l.route),
      ...Object.keys(PUBLIC_ROUTES),
      'api.v1.cases[.ics].ts',
      'api.v1.supporters.export.ts',
      'api.v1.supporters.erase.ts',
    ])
    const missing = routes.filter((r) => !walked.has(r))
    expect(missing, 'API routes not yet walked by this test: add them to WALKS').toEqual([])
  })
})
