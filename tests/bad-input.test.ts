/**
 * Audit finding 2: NUL bytes and invalid UTF-8 answered 500 (PostgreSQL
 * refuses NUL) or were stored as U+FFFD, and TRACE answered 500. Each is a
 * clear 400 (the form again with the message beside its field, or the
 * contract's JSON error) or a 405, and nothing is stored.
 */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { makeApiOrganization } from './helpers/api'
import { makePetition, validSignature } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
  process.env.SESSION_SECRET ??= 'test-session-secret-of-enough-length'
  server = await startTestServer({ worker: false })
})

afterAll(async () => {
  await server?.close()
})

async function signatureCount(petitionId: string): Promise<number> {
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from signatures where petition_id = ${petitionId}`
  return row!.n
}

/** A urlencoded body written byte by byte, so it can carry bytes that are not UTF-8. */
function rawForm(url: string, body: Buffer, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    redirect: 'manual',
  })
}

describe('the sign form', () => {
  it('answers a NUL in a field with the form again, the message beside it, and stores nothing', async () => {
    const { petition } = await makePetition()
    for (const field of ['name', 'email', 'postalCode', 'locality', 'comment', 'country']) {
      const fields = validSignature()
      fields[field] = `${fields[field] ?? 'x'}\u0000`
      const res = await postForm(`${server.url}/petitions/${petition.slug}`, fields)
      expect(res.status, field).toBe(400)
      const html = await res.text()
      expect(html, field).toContain('cannot be stored (NUL)')
      expect(html, field).toContain('Sign the petition')
    }
    expect(await signatureCount(petition.id)).toBe(0)
  })

  it('answers bytes that are not UTF-8 with 400 instead of storing U+FFFD', async () => {
    const { petition } = await makePetition()
    const bodies = [
      // %C3%28 is an escape that is not UTF-8; 0xC3 0x28 the same as raw bytes.
      Buffer.from('name=Ana%C3%28Lima&email=ana1@example.org&postalCode=78701'),
      Buffer.concat([
        Buffer.from('name=Ana'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('Lima&email=ana2@example.org&postalCode=78701'),
      ]),
      Buffer.from('name=Ana+Lima&email=ana3@example.org&postalCode=78701&comment=%FF%FE'),
    ]
    for (const body of bodies) {
      const res = await rawForm(`${server.url}/petitions/${petition.slug}`, body)
      expect(res.status).toBe(400)
      expect(await res.text()).toContain('not UTF-8')
    }
    expect(await signatureCount(petition.id)).toBe(0)
    // A well-formed é still signs.
    const ok = await rawForm(
      `${server.url}/petitions/${petition.slug}`,
      Buffer.from('name=Ana+Lim%C3%A9&email=ana4@example.org&postalCode=78701'),
    )
    expect(ok.status).toBe(303)
    const [row] = await db()<{ name: string }[]>`
      select name from signatures where petition_id = ${petition.id}`
    expect(row!.name).toBe('Ana Limé')
  })
})

describe('the API', () => {
  const signature = (given: string) => ({
    person: {
      given_name: given,
      email_addresses: [{ address: `api.${Date.now()}.${Math.random()}@example.org` }],
      postal_addresses: [{ postal_code: '78701' }],
    },
  })

  async function send(url: string, method: string, body: string | Buffer, token?: string) {
    const res = await fetch(url, {
      method,
      body: typeof body === 'string' ? body : new Uint8Array(body),
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    })
    return { status: res.status, body: (await res.json()) as { error?: { message: string } } }
  }

  it('answers a NUL in a public signature with the JSON 400, and stores nothing', async () => {
    const { petition } = await makePetition()
    const url = `${server.url}/api/v1/petitions/${petition.id}/signatures`
    const nul = await send(url, 'POST', JSON.stringify(signature('Ana\u0000')))
    expect(nul.status).toBe(400)
    expect(nul.body.error?.message).toMatch(/NUL/)
    const notUtf8 = await send(
      url,
      'POST',
      Buffer.concat([
        Buffer.from('{"person":{"given_name":"Ana'),
        Buffer.from([0xff]),
        Buffer.from(
          '","email_addresses":[{"address":"x@example.org"}],"postal_addresses":[{"postal_code":"78701"}]}}',
        ),
      ]),
    )
    expect(notUtf8.status).toBe(400)
    expect(notUtf8.body.error?.message).toMatch(/UTF-8/)
    expect(await signatureCount(petition.id)).toBe(0)
  })

  it('answers a NUL in case and official writes with the JSON 400, and stores nothing', async () => {
    const org = await makeApiOrganization()
    const before = await db()<{ cases: number; officials: number }[]>`
      select (select count(*)::int from cases) as cases, (select count(*)::int from officials) as officials`
    const createCase = await send(
      `${server.url}/api/v1/cases`,
      'POST',
      JSON.stringify({ person_name: 'Jo\u0000e', jurisdiction: 'Texas' }),
      org.token,
    )
    expect(createCase.status).toBe(400)
    const patchCase = await send(
      `${server.url}/api/v1/cases/${org.case.id}`,
      'PATCH',
      JSON.stringify({ summary: 'a\u0000b' }),
      org.token,
    )
    expect(patchCase.status).toBe(400)
    const official = await send(
      `${server.url}/api/v1/officials`,
      'POST',
      JSON.stringify({ name: 'Gov', title: 'T\u0000' }),
      org.token,
    )
    expect(official.status).toBe(400)
    const after = await db()<{ cases: number; officials: number }[]>`
      select (select count(*)::int from cases) as cases, (select count(*)::int from officials) as officials`
    expect(after).toEqual(before)
    const [kase] = await db()<{ summary: string }[]>`
      select summary from cases where id = ${org.case.id}`
    expect(kase!.summary).not.toContain('\u0000')
  })
})

describe('addresses', () => {
  it('answers a NUL or an escape that is not UTF-8 in a path or a query with 400', async () => {
    const { organization } = await makePetition()
    const { user } = await makeOrganizer({ organizationName: organization.name })
    const cookie = await signInCookie(server.url, { email: user.email })
    const org = await makeApiOrganization()
    const pages = [
      '/petitions/%00',
      '/cases/%00',
      '/unsubscribe/%00',
      '/confirm/%00',
      '/petitions/%C3%28',
      '/?q=%00',
      '/?lang=%FF',
    ]
    for (const path of pages) {
      const res = await fetch(`${server.url}${path}`)
      expect(res.status, path).toBe(400)
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/)
    }
    const unsubscribe = await postForm(`${server.url}/unsubscribe/%00`, {})
    expect(unsubscribe.status).toBe(400)
    for (const path of ['/dashboard/petitions?q=%00', '/dashboard/cases?q=a%00b']) {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie } })
      expect(res.status, path).toBe(400)
    }
    for (const path of [
      '/api/v1/cases?q=%00',
      `/api/v1/petitions/${org.petition.id}/signatures?q=%00`,
      '/api/v1/petitions/%00',
    ]) {
      const res = await fetch(`${server.url}${path}`, {
        headers: { authorization: `Bearer ${org.token}` },
      })
      expect(res.status, path).toBe(400)
      const body = (await res.json()) as { error: { message: string } }
      expect(body.error.message, path).toMatch(/NUL/)
    }
  })
})

/** A request with any method (fetch refuses TRACE itself). */
function rawRequest(url: string, method: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('methods', () => {
  it('answers TRACE (and methods Vigil does not serve) with 405 and Allow', async () => {
    for (const path of ['/', '/petitions/anything', '/api/v1/petitions']) {
      for (const method of ['TRACE', 'PROPFIND']) {
        const res = await rawRequest(`${server.url}${path}`, method)
        expect(res.status, `${method} ${path}`).toBe(405)
        expect(res.headers.allow, path).toContain('GET')
      }
    }
  })
})
