/**
 * Exports people can open: every CSV download starts with the UTF-8 byte
 * order mark (so Excel shows "José Ñúñez", not mojibake) and shows a
 * would-be formula as text; the OSDI-shaped JSON export carries each
 * person with their counted signatures and whether they may be emailed,
 * streamed, for the API and the dashboard alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addSuppression } from '../app/models/suppression.server'
import { db } from '../app/utils/db.server'
import { makeApiOrganization } from './helpers/api'
import { seedSigners } from './helpers/campaigns'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { startTestServer, type TestServer } from './helpers/server'
import { seedSignatures } from './helpers/signatures'

let server: TestServer
let org: Awaited<ReturnType<typeof makeApiOrganization>>
let cookie: string

const BOM = [0xef, 0xbb, 0xbf]

beforeAll(async () => {
  server = await startTestServer({ worker: false })
  org = await makeApiOrganization('Export Org')
  const admin = await makeOrganizer({ organizationName: org.organization.name })
  cookie = await signInCookie(server.url, { email: admin.user.email })
  await seedSignatures({ petitionId: org.petition.id, organizationId: org.organization.id }, [
    {
      name: 'José Ñúñez',
      email: 'jose@example.org',
      status: 'confirmed',
    },
    { name: 'Held Person', email: 'held@example.org', status: 'held' },
    { name: 'Pending Person', email: 'pending@example.org', status: 'pending' },
  ])
  await db()`update signatures set comment = '=HYPERLINK("http://evil.example","click")'
    where email = 'jose@example.org'`
})

afterAll(async () => {
  await server.close()
})

async function bytes(url: string, headers: Record<string, string>): Promise<Buffer> {
  const res = await fetch(`${server.url}${url}`, { headers })
  expect(res.status, url).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

describe('CSV', () => {
  it('starts every download with the UTF-8 BOM and shows formulas as text', async () => {
    for (const [url, headers] of [
      [
        `/api/v1/petitions/${org.petition.id}/signatures.csv`,
        { authorization: `Bearer ${org.token}` },
      ],
      [`/dashboard/petitions/${org.petition.id}/export`, { cookie }],
    ] as const) {
      const raw = await bytes(url, headers)
      expect([...raw.subarray(0, 3)], url).toEqual(BOM)
      // Read as a spreadsheet does once it has seen the BOM: UTF-8, the mark itself dropped.
      const text = raw.subarray(3).toString('utf8')
      expect(text.split('\n')[0]).toMatch(/^name,locality,postal_code,country,signed_at,comment/)
      expect(text).toContain('José Ñúñez')
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`)
      expect(text).not.toContain('Pending Person')
    }
  })
})

describe('the OSDI export', () => {
  it('holds each person with their counted signatures and whether they may be emailed', async () => {
    const signers = await seedSigners({
      organizationId: org.organization.id,
      petitionId: org.petition.id,
      count: 1_200,
    })
    const unsubscribed = signers[0]!
    const bounced = signers[1]!
    await db()`update supporters set unsubscribed_at = now() where id = ${unsubscribed.supporterId}`
    await addSuppression({
      organizationId: org.organization.id,
      email: bounced.email,
      reason: 'bounce',
    })
    const raw = await bytes('/api/v1/export', { authorization: `Bearer ${org.token}` })
    const doc = JSON.parse(raw.toString('utf8'))
    expect(doc).toMatchObject({ vendor_name: 'Vigil', osdi_version: '1.2.0' })
    expect(doc.organization.name).toBe(org.organization.name)
    expect(
      doc._embedded['osdi:petitions'].map((p: { identifiers: string[] }) => p.identifiers),
    ).toContainEqual([`vigil:${org.petition.id}`])
    const people = doc._embedded['osdi:people'] as {
      given_name: string
      family_name: string | null
      email_addresses: { address: string; status: string }[]
      _embedded: {
        'osdi:signatures': { petition_identifiers: string[]; comments: string | null }[]
      }
    }[]
    // The confirmed only: 1,200 seeded and José; the held and the pending are not counted.
    expect(people).toHaveLength(1_201)
    const byEmail = new Map(people.map((p) => [p.email_addresses[0]!.address, p]))
    expect(byEmail.has('held@example.org')).toBe(false)
    expect(byEmail.has('pending@example.org')).toBe(false)
    const jose = byEmail.get('jose@example.org')!
    expect(jose).toMatchObject({ given_name: 'José', family_name: 'Ñúñez' })
    expect(jose._embedded['osdi:signatures']).toHaveLength(1)
    expect(jose._embedded['osdi:signatures'][0]!.petition_identifiers).toEqual([
      `vigil:${org.petition.id}`,
    ])
    expect(byEmail.get(signers[5]!.email)!.email_addresses[0]!.status).toBe('subscribed')
    expect(byEmail.get(unsubscribed.email)!.email_addresses[0]!.status).toBe('unsubscribed')
    expect(byEmail.get(bounced.email)!.email_addresses[0]!.status).toBe('bouncing')

    // The dashboard's download is the same file.
    const fromDashboard = JSON.parse(
      (await bytes('/dashboard/export', { cookie })).toString('utf8'),
    )
    expect(fromDashboard._embedded['osdi:people']).toHaveLength(1_201)
    expect((await fetch(`${server.url}/api/v1/export`)).status).toBe(401)
  })
})
