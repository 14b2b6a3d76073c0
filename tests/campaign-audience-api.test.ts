/**
 * A campaign limited to regions through the API (an `audience` beyond the
 * contract, see docs/api.md): validated with the contract's 422, shown on
 * the resource, and honoured by the real fan-out: only signers from there
 * get it, and the statistics count only them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { seedSigners, type SeededSigner } from './helpers/campaigns'
import { eventually, startTestServer, type TestServer } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

let server: TestServer
let smtp: SmtpSink
let org: Awaited<ReturnType<typeof makeApiOrganization>>
let austin: SeededSigner[]
let dallas: SeededSigner[]
let london: SeededSigner[]

beforeAll(async () => {
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
  org = await makeApiOrganization('Audience API Org')
  const base = { organizationId: org.organization.id, petitionId: org.petition.id }
  austin = await seedSigners({ ...base, count: 5 })
  dallas = await seedSigners({ ...base, count: 3 })
  london = await seedSigners({ ...base, count: 2 })
  await db()`update signatures set postal_code = '75201-1234'
    where supporter_id = any(${dallas.map((s) => s.supporterId)}::uuid[])`
  await db()`update signatures set postal_code = 'sw1a 1aa', country = 'GB'
    where supporter_id = any(${london.map((s) => s.supporterId)}::uuid[])`
}, 60_000)

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

const api = (method: string, path: string, body?: unknown) =>
  callApi(server.url, method, `/api/v1${path}`, { token: org.token, body })

const message = (audience?: unknown) => ({
  subject: 'News for {{ supporter.first_name }}',
  body: 'Hello {{ supporter.name }}',
  targets: [{ petition_id: org.petition.id }],
  ...(audience === undefined ? {} : { audience }),
})

async function sendAndCollect(id: string): Promise<string[]> {
  const before = smtp.messages.length
  expect((await api('POST', `/messages/${id}/send`)).status).toBe(200)
  const done = await eventually(
    async () => {
      const res = await api('GET', `/messages/${id}`)
      return res.body.status === 'sent' ? res.body : undefined
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  )
  await new Promise((r) => setTimeout(r, 300))
  const got = smtp.messages.slice(before).map(recipient).sort()
  expect(done.statistics.total_targeted).toBe(got.length)
  expect(done.statistics.sent).toBe(got.length)
  return got
}

const emails = (...groups: SeededSigner[][]) =>
  groups
    .flat()
    .map((s) => s.email)
    .sort()

describe('a campaign limited to regions, through the API', () => {
  it('refuses a malformed audience with 422 naming the entry', async () => {
    const bad = await api(
      'POST',
      '/messages',
      message({ countries: ['US', 'Texas'], postal_code_prefixes: ['78-7', '!!'] }),
    )
    expect(bad.status).toBe(422)
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      'audience.countries.1',
      'audience.postal_code_prefixes.1',
    ])
    expect(bad.body.error.fields['audience.countries.1'][0]).toContain('Texas')
    const extra = await api('POST', '/messages', message({ states: ['TX'] }))
    expect(extra.status).toBe(422)
    const notList = await api('POST', '/messages', message({ countries: 'US' }))
    expect(notList.status).toBe(422)
    const [row] = await db()<{ n: number }[]>`
      select count(*)::int as n from messages where organization_id = ${org.organization.id}`
    expect(row!.n).toBe(0)
  })

  it('shows the audience and reaches only signers in it', async () => {
    // "78-7" normalizes to 787: Austin only. Countries in any case.
    const created = await api(
      'POST',
      '/messages',
      message({ countries: ['us'], postal_code_prefixes: ['78-7'] }),
    )
    expect(created.status).toBe(201)
    expect(created.body.audience).toEqual({ countries: ['US'], postal_code_prefixes: ['787'] })
    expect((await api('GET', `/messages/${created.body.id}`)).body.audience).toEqual(
      created.body.audience,
    )
    expect(await sendAndCollect(created.body.id)).toEqual(emails(austin))

    // A postal prefix alone, across countries; a Dallas ZIP+4 still starts with 752.
    const texas = await api('POST', '/messages', message({ postal_code_prefixes: ['752', 'SW1A'] }))
    expect(await sendAndCollect(texas.body.id)).toEqual(emails(dallas, london))

    const gb = await api('POST', '/messages', message({ countries: ['GB'] }))
    expect(await sendAndCollect(gb.body.id)).toEqual(emails(london))
  })

  it('without an audience, reaches everyone and shows empty lists', async () => {
    const all = await api('POST', '/messages', message())
    expect(all.body.audience).toEqual({ countries: [], postal_code_prefixes: [] })
    expect(await sendAndCollect(all.body.id)).toEqual(emails(austin, dallas, london))
  })
})
