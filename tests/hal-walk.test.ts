/**
 * A generic HAL client (ketting) finds its way around the API from the
 * entry point alone: it reaches every kind of resource an organizer may
 * read by following links, signs a petition through the
 * record_signature_helper it found without a token, and pages through a
 * long list by `next` alone. No URL here is built by hand but the entry
 * point's.
 */
import Ketting, { bearerAuth, resolve, type State } from 'ketting'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { resetEnvCache } from '../app/utils/env.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { seedSigners } from './helpers/campaigns'
import { startTestServer, type TestServer } from './helpers/server'

let server: TestServer
let org: Awaited<ReturnType<typeof makeApiOrganization>>
const SIGNERS = 60

beforeAll(async () => {
  process.env.VIGIL_WEBHOOK_ALLOW_PRIVATE = 'on'
  resetEnvCache()
  server = await startTestServer({ worker: false })
  org = await makeApiOrganization('HAL Walk Org')
  await seedSigners({
    organizationId: org.organization.id,
    petitionId: org.petition.id,
    count: SIGNERS,
  })
  // One of everything an organizer can read.
  const api = (method: string, path: string, body?: unknown) =>
    callApi(server.url, method, `/api/v1${path}`, { token: org.token, body })
  expect(
    (await api('POST', `/cases/${org.case.id}/events`, { kind: 'hearing_held', note: 'Heard.' }))
      .status,
  ).toBe(201)
  const message = await api('POST', '/messages', {
    subject: 'News',
    body: 'Dear {{ supporter.first_name }}, thank you.',
    targets: [{ petition_id: org.petition.id }],
  })
  expect(message.status).toBe(201)
  const outreach = await api('POST', '/outreaches', {
    petition_id: org.petition.id,
    target_ids: [org.governor.id],
    subject: 'The petition',
    body: 'Dear {{ official.name }}, please read it.',
    scheduled_at: '2030-01-10T09:00:00-06:00',
  })
  expect(outreach.status).toBe(201)
  expect(
    (await api('POST', '/webhooks', { url: 'http://127.0.0.1:9/hooks', events: ['case.updated'] }))
      .status,
  ).toBe(201)
})

afterAll(async () => {
  delete process.env.VIGIL_WEBHOOK_ALLOW_PRIVATE
  resetEnvCache()
  await server.close()
})

/** What kind of resource a URL of the API is, by its path alone. */
const KINDS: [string, RegExp][] = [
  ['entry point', /^\/api\/v1$/],
  ['petitions', /^\/api\/v1\/petitions$/],
  ['petition', /^\/api\/v1\/petitions\/[\w-]+$/],
  ['signatures', /^\/api\/v1\/petitions\/[\w-]+\/signatures$/],
  ['signature', /^\/api\/v1\/petitions\/[\w-]+\/signatures\/[\w-]+$/],
  ['cases', /^\/api\/v1\/cases$/],
  ['case', /^\/api\/v1\/cases\/[\w-]+$/],
  ['timeline', /^\/api\/v1\/cases\/[\w-]+\/events$/],
  ['timeline event', /^\/api\/v1\/cases\/[\w-]+\/events\/[\w-]+$/],
  ['officials', /^\/api\/v1\/officials$/],
  ['official', /^\/api\/v1\/officials\/[\w-]+$/],
  ['messages', /^\/api\/v1\/messages$/],
  ['message', /^\/api\/v1\/messages\/[\w-]+$/],
  ['outreaches', /^\/api\/v1\/outreaches$/],
  ['outreach', /^\/api\/v1\/outreaches\/[\w-]+$/],
  ['webhooks', /^\/api\/v1\/webhooks$/],
  ['webhook', /^\/api\/v1\/webhooks\/[\w-]+$/],
]
const kindOf = (uri: string) => KINDS.find(([, re]) => re.test(new URL(uri).pathname))?.[0]

/** Relations that are not documents to read: actions (OSDI's helpers), curies, files. */
const NOT_FOLLOWED = new Set(['curies', 'service-desc', 'osdi:export', 'osdi:send_helper'])

it('reaches every kind of resource from /api/v1 by links alone', async () => {
  const client = new Ketting(`${server.url}/api/v1`)
  client.use(bearerAuth(org.token))
  const seen = new Map<string, State>()
  const queue = [`${server.url}/api/v1`]
  while (queue.length > 0 && seen.size < 400) {
    const uri = queue.shift()!
    if (seen.has(uri)) continue
    const state = await client.go(uri).get()
    seen.set(uri, state)
    expect(state.headers.get('content-type'), uri).toMatch(/^application\/hal\+json/)
    expect(state.links.has('self'), uri).toBe(true)
    for (const link of state.links.getAll()) {
      if (NOT_FOLLOWED.has(link.rel) || link.templated) continue
      const href = resolve(link)
      // Helpers are POST endpoints; their URL is the list's, which is read as such.
      if (!link.rel.endsWith('_helper') && href.startsWith(server.url)) queue.push(href)
    }
  }
  const reached = new Set([...seen.keys()].map(kindOf))
  expect([...reached].filter(Boolean).sort()).toEqual(KINDS.map(([kind]) => kind).sort())
  // A list of more than one page says where the next one is.
  const signatures = [...seen.entries()].find(([uri]) => kindOf(uri) === 'signatures')![1]
  expect(signatures.data.total_pages).toBeGreaterThan(1)
  expect(signatures.links.has('next')).toBe(true)
  // The entry point says who serves it, in OSDI's terms, with OSDI's curie.
  const entry = seen.get(`${server.url}/api/v1`)!
  expect(entry.data).toMatchObject({ vendor_name: 'Vigil', product_name: 'Vigil' })
  expect(entry.data.osdi_version).toMatch(/^1\./)
  const curie = entry.links.get('curies')!
  expect(curie).toMatchObject({ name: 'osdi', templated: true })
})

it('signs through the record_signature_helper it finds, without a token', async () => {
  const client = new Ketting(`${server.url}/api/v1`)
  const list = await (await client.go().follow('osdi:petitions')).get()
  const item = list.links
    .getMany('osdi:petitions')
    .find((link) => link.href.endsWith(org.petition.id))
  expect(item).toBeDefined()
  const helper = await client.go(resolve(item!)).follow('osdi:record_signature_helper')
  const email = `walker.${Date.now()}@example.org`
  const response = await helper.fetch({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      person: {
        given_name: 'Walker',
        family_name: 'Hal',
        email_addresses: [{ address: email }],
        postal_addresses: [{ postal_code: '78701', country: 'US' }],
      },
    }),
  })
  expect(response.status).toBe(202)
  expect(await response.json()).toEqual({ status: 'pending_confirmation' })
  const [stored] = await db()<{ status: string }[]>`
    select status from signatures where email = ${email} and petition_id = ${org.petition.id}`
  expect(stored?.status).toBe('pending')
})

it('pages through a long list by next alone, and back by prev', async () => {
  const client = new Ketting(`${server.url}/api/v1`)
  client.use(bearerAuth(org.token))
  const petition = await client.go(`${server.url}/api/v1/petitions/${org.petition.id}`).get()
  let page = await petition.follow('osdi:signatures').get()
  const total = page.data.total_records as number
  expect(total).toBeGreaterThanOrEqual(SIGNERS)
  const ids = new Set<string>()
  let pages = 0
  for (;;) {
    pages++
    for (const link of page.links.getMany('osdi:signatures')) ids.add(link.href)
    if (!page.links.has('next')) break
    const next = await page.follow('next').get()
    expect(next.links.get('prev')?.href).toBe(page.links.get('self')?.href)
    page = next
  }
  expect(ids.size).toBe(total)
  expect(pages).toBe(Math.ceil(total / 25))
})

it('answers an unknown path under /api/ with the JSON 404, never a page', async () => {
  for (const path of ['/api/v2', '/api/v1/nothing', '/api/v1/petitions/x/y/z', '/api/']) {
    const res = await fetch(`${server.url}${path}`)
    expect(res.status, path).toBe(404)
    expect(res.headers.get('content-type'), path).toMatch(/^application\/json/)
    expect((await res.json()).error.message).toMatch(/No such API path/)
  }
  const post = await fetch(`${server.url}/api/v1/nothing`, { method: 'POST', body: '{}' })
  expect(post.status).toBe(404)
  // A client that asks for plain JSON gets the same body as plain JSON.
  const plain = await fetch(`${server.url}/api/v1`, { headers: { accept: 'application/json' } })
  expect(plain.headers.get('content-type')).toMatch(/^application\/json/)
  const hal = await fetch(`${server.url}/api/v1`)
  expect(hal.headers.get('content-type')).toMatch(/^application\/hal\+json/)
  expect(await plain.json()).toEqual(await hal.json())
})
