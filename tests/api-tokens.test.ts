/**
 * API tokens: created in the dashboard and shown once, stored hashed,
 * accepted by requireApiOrganizer until revoked, and scoped to one
 * organization.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '../app/models/api-token.server'
import { requireApiOrganizer } from '../app/api/auth.server'
import { db } from '../app/utils/db.server'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
  process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
  server = await startTestServer({ worker: false })
})

afterAll(async () => {
  await server?.close()
})

function bearer(token?: string): Request {
  return new Request('http://localhost/api/v1/cases', {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
}

/** The 401 Response requireApiOrganizer throws, with its JSON body. */
async function refusal(request: Request): Promise<{ status: number; body: unknown }> {
  try {
    await requireApiOrganizer(request)
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.json() }
    throw thrown
  }
  throw new Error('requireApiOrganizer accepted the request')
}

let address = 10
const fromAddress = () => ({ 'x-forwarded-for': `198.51.100.${address++}` })

describe('API tokens in the dashboard', () => {
  it('creates a token shown once, which then authenticates, until it is revoked', async () => {
    const { user, organization } = await makeOrganizer({ organizationName: 'Token Org' })
    const cookie = await signInCookie(server.url, { email: user.email }, fromAddress())

    const empty = await postForm(
      `${server.url}/dashboard/tokens`,
      { intent: 'create', name: ' ' },
      { cookie },
    )
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('Please name the token')

    const created = await postForm(
      `${server.url}/dashboard/tokens`,
      { intent: 'create', name: 'docket sync' },
      { cookie },
    )
    expect(created.status).toBe(200)
    expect(created.headers.get('cache-control')).toBe('no-store')
    const html = await created.text()
    const token = /(vigil_[\w-]{43})/.exec(html)?.[1]
    expect(token).toBeTruthy()
    expect(html).toContain('shown only once')

    // Stored as its SHA-256 only.
    const [row] = await db()<{ id: string; tokenHash: Buffer; lastUsedAt: Date | null }[]>`
      select id, token_hash, last_used_at from api_tokens where organization_id = ${organization.id}`
    expect(row!.tokenHash.equals(crypto.createHash('sha256').update(token!).digest())).toBe(true)
    expect(row!.lastUsedAt).toBeNull()

    // The list shows it, never the token again.
    const list = await fetch(`${server.url}/dashboard/tokens`, { headers: { cookie } })
    const listHtml = await list.text()
    expect(listHtml).toContain('docket sync')
    expect(listHtml).not.toContain(token!)

    const organizer = await requireApiOrganizer(bearer(token))
    expect(organizer).toEqual({
      userId: user.id,
      email: user.email,
      name: user.name,
      organizationId: organization.id,
      organizationName: 'Token Org',
      role: 'admin',
    })
    const [used] = await db()<{ lastUsedAt: Date | null }[]>`
      select last_used_at from api_tokens where id = ${row!.id}`
    expect(used!.lastUsedAt).toBeInstanceOf(Date)

    const revoked = await postForm(
      `${server.url}/dashboard/tokens`,
      { intent: 'revoke', id: row!.id },
      { cookie },
    )
    expect(revoked.status).toBe(303)
    expect(await refusal(bearer(token))).toEqual({
      status: 401,
      body: { error: { message: 'The API token is invalid or has been revoked.' } },
    })
    expect(
      await (await fetch(`${server.url}/dashboard/tokens`, { headers: { cookie } })).text(),
    ).toContain('Revoked')
  })

  it('authenticates the JSON API over HTTP: 401 without a token or after revocation', async () => {
    const { user, organization } = await makeOrganizer({ organizationName: 'HTTP Token Org' })
    const { token, id } = await createApiToken({
      userId: user.id,
      organizationId: organization.id,
      name: 'http',
    })
    const url = `${server.url}/api/v1/officials`
    const none = await fetch(url)
    expect(none.status).toBe(401)
    expect(none.headers.get('content-type')).toMatch(/application\/json/)
    expect(await none.json()).toMatchObject({ error: { message: expect.any(String) } })
    const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ total_records: 0 })
    const cookie = await signInCookie(server.url, { email: user.email }, fromAddress())
    await postForm(`${server.url}/dashboard/tokens`, { intent: 'revoke', id }, { cookie })
    const revoked = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    expect(revoked.status).toBe(401)
    expect(await revoked.json()).toEqual({
      error: { message: 'The API token is invalid or has been revoked.' },
    })
  })

  it('answers 401 with the contract error shape without a token or with an unknown one', async () => {
    const missing = await refusal(bearer())
    expect(missing.status).toBe(401)
    expect(missing.body).toMatchObject({ error: { message: expect.stringContaining('Bearer') } })
    expect((await refusal(bearer('vigil_not-a-real-token'))).status).toBe(401)
    const basic = new Request('http://localhost/', { headers: { authorization: 'Basic abc' } })
    expect((await refusal(basic)).status).toBe(401)
  })

  it("stops a token when its owner leaves the organization, and never revokes another organization's token", async () => {
    const { user, organization } = await makeOrganizer({ organizationName: 'Leaving Org' })
    const { token, id } = await createApiToken({
      userId: user.id,
      organizationId: organization.id,
      name: 'script',
    })
    const { user: outsider } = await makeOrganizer({ organizationName: 'Outside Org' })
    const cookie = await signInCookie(server.url, { email: outsider.email }, fromAddress())
    const res = await postForm(
      `${server.url}/dashboard/tokens`,
      { intent: 'revoke', id },
      { cookie },
    )
    expect(res.status).toBe(404)
    expect((await requireApiOrganizer(bearer(token))).organizationId).toBe(organization.id)

    await db()`delete from memberships where user_id = ${user.id}`
    expect((await refusal(bearer(token))).status).toBe(401)
  })

  it('lets an organizer revoke only their own tokens and see only theirs; an admin sees all', async () => {
    const { user: admin, organization } = await makeOrganizer({ organizationName: 'Shared Org' })
    const { user: organizer } = await makeOrganizer({
      organizationName: 'Shared Org',
      role: 'organizer',
    })
    const adminToken = await createApiToken({
      userId: admin.id,
      organizationId: organization.id,
      name: 'admin script',
    })
    await createApiToken({ userId: organizer.id, organizationId: organization.id, name: 'mine' })
    const cookie = await signInCookie(server.url, { email: organizer.email }, fromAddress())
    const page = await (
      await fetch(`${server.url}/dashboard/tokens`, { headers: { cookie } })
    ).text()
    expect(page).toContain('mine')
    expect(page).not.toContain('admin script')
    const res = await postForm(
      `${server.url}/dashboard/tokens`,
      { intent: 'revoke', id: adminToken.id },
      { cookie },
    )
    expect(res.status).toBe(404)

    const adminCookie = await signInCookie(server.url, { email: admin.email }, fromAddress())
    const adminPage = await (
      await fetch(`${server.url}/dashboard/tokens`, { headers: { cookie: adminCookie } })
    ).text()
    expect(adminPage).toContain('admin script')
    expect(adminPage).toContain('mine')
  })
})
