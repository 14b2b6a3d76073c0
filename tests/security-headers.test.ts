/**
 * Audit finding 6: every response carries a Content-Security-Policy whose
 * nonce is this response's own (the shared page cache included), framing
 * is refused, JSON is not sniffed, HSTS follows an https APP_URL, and
 * pages and exports with personal data are never stored.
 */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetEnvCache } from '../app/utils/env.server'
import { makeApiOrganization } from './helpers/api'
import { makePetition, validSignature } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
  process.env.SESSION_SECRET ??= 'test-session-secret-of-enough-length'
  server = await startTestServer({ worker: false })
})

afterAll(async () => {
  await server?.close()
})

interface Answer {
  status: number
  headers: Record<string, string | undefined>
  body: string
}

/** Any request, any method (fetch refuses TRACE), headers as sent. */
function request(
  url: string,
  {
    method = 'GET',
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          headers: Object.fromEntries(
            Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
          ),
          body: text,
        }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

function expectProtected(answer: Answer, what: string) {
  const csp = answer.headers['content-security-policy']
  expect(csp, what).toBeTruthy()
  expect(csp, what).toContain("frame-ancestors 'none'")
  expect(csp, what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/)
  expect(csp, what).toContain("object-src 'none'")
  expect(answer.headers['x-content-type-options'], what).toBe('nosniff')
  expect(answer.headers['x-frame-options'], what).toBe('DENY')
}

const nonceOf = (answer: Answer) =>
  /'nonce-([^']+)'/.exec(answer.headers['content-security-policy'] ?? '')?.[1]

describe('every response', () => {
  it('carries the policy, nosniff and no framing: pages, JSON, files, errors and refusals', async () => {
    const { petition } = await makePetition()
    const page = await request(`${server.url}/petitions/${petition.slug}`)
    const asset = /<link rel="stylesheet" href="(\/build\/[^"]+)"/.exec(page.body)![1]!
    const form = new URLSearchParams(validSignature()).toString()
    const answers: [string, Promise<Answer>][] = [
      ['home', request(`${server.url}/`)],
      ['petition page', Promise.resolve(page)],
      ['missing page', request(`${server.url}/petitions/no-such-petition`)],
      ['API entry', request(`${server.url}/api/v1`)],
      ['API list', request(`${server.url}/api/v1/petitions`)],
      ['API 404', request(`${server.url}/api/v1/nothing-here`)],
      ['API 401', request(`${server.url}/api/v1/cases`)],
      ['health', request(`${server.url}/healthz`)],
      ['static file', request(`${server.url}/favicon.svg`)],
      ['build asset', request(`${server.url}${asset}`)],
      ['login page', request(`${server.url}/login`)],
      ['dashboard redirect', request(`${server.url}/dashboard`)],
      ['dev mailbox', request(`${server.url}/dev/mailbox`)],
      [
        'sign (303)',
        request(`${server.url}/petitions/${petition.slug}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        }),
      ],
      [
        'cross-site post (403)',
        request(`${server.url}/petitions/${petition.slug}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            origin: 'https://evil.example',
          },
          body: form,
        }),
      ],
      ['TRACE (405)', request(`${server.url}/`, { method: 'TRACE' })],
      ['bad address (400)', request(`${server.url}/petitions/%00`)],
      ['bad API address (400)', request(`${server.url}/api/v1/petitions?q=%FF`)],
      [
        'bad JSON (400)',
        request(`${server.url}/api/v1/petitions/${petition.id}/signatures`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"person":',
        }),
      ],
    ]
    for (const [what, pending] of answers) {
      const answer = await pending
      expect(answer.status, what).toBeLessThan(500)
      expectProtected(answer, what)
    }
  })

  it('gives each page its own nonce, carried by every inline script of that page', async () => {
    const { petition } = await makePetition()
    const first = await request(`${server.url}/petitions/${petition.slug}`)
    const second = await request(`${server.url}/petitions/${petition.slug}`)
    expect(nonceOf(first)).not.toBe(nonceOf(second))
    for (const answer of [first, second]) {
      const scripts = [...answer.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!)
      expect(scripts.length).toBeGreaterThan(1)
      for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonceOf(answer)}"`)
    }
  })

  it('sends HSTS only when APP_URL is https', async () => {
    const plain = await request(`${server.url}/`)
    expect(plain.headers['strict-transport-security']).toBeUndefined()
    const before = process.env.APP_URL
    try {
      process.env.APP_URL = 'https://vigil.example.org'
      resetEnvCache()
      for (const path of ['/', '/api/v1', '/favicon.svg']) {
        const secure = await request(`${server.url}${path}`)
        expect(secure.headers['strict-transport-security'], path).toMatch(/max-age=\d{7,}/)
      }
    } finally {
      process.env.APP_URL = before
      resetEnvCache()
    }
  })

  it('marks dashboard pages, exports and the API to a token no-store', async () => {
    const org = await makeApiOrganization()
    const { user } = await makeOrganizer({ organizationName: org.organization.name })
    const cookie = await signInCookie(server.url, { email: user.email })
    const withCookie = { cookie }
    const withToken = { authorization: `Bearer ${org.token}` }
    const privateAnswers: [string, string, Record<string, string>][] = [
      ['dashboard', '/dashboard', withCookie],
      ['petition dashboard', `/dashboard/petitions/${org.petition.id}`, withCookie],
      ['signature list', `/dashboard/petitions/${org.petition.id}/signatures`, withCookie],
      ['CSV export', `/dashboard/petitions/${org.petition.id}/export`, withCookie],
      ['abuse lists', '/dashboard/abuse', withCookie],
      ['API signatures', `/api/v1/petitions/${org.petition.id}/signatures`, withToken],
      ['API CSV', `/api/v1/petitions/${org.petition.id}/signatures.csv`, withToken],
      ['API cases', '/api/v1/cases', withToken],
    ]
    for (const [what, path, headers] of privateAnswers) {
      const answer = await request(`${server.url}${path}`, { headers })
      expect(answer.status, what).toBe(200)
      expect(answer.headers['cache-control'], what).toBe('no-store')
      expectProtected(answer, what)
    }
    const json = await request(`${server.url}/api/v1/cases`, { headers: withToken })
    expect(json.headers['content-type']).toMatch(/json/)
    expect(json.headers['x-content-type-options']).toBe('nosniff')
    const publicPage = await request(`${server.url}/`)
    expect(publicPage.headers['cache-control'] ?? '').not.toContain('no-store')
  })
})

describe('the shared page cache (production)', () => {
  let cached: TestServer
  beforeAll(async () => {
    process.env.NODE_ENV = 'production'
    try {
      cached = await startTestServer({ worker: false })
    } finally {
      process.env.NODE_ENV = 'test'
    }
  })
  afterAll(async () => {
    await cached?.close()
  })

  it("never gives one reader another's nonce", async () => {
    const { petition } = await makePetition()
    const url = `${cached.url}/petitions/${petition.slug}`
    const readers = await Promise.all([1, 2, 3, 4, 5].map(() => request(url)))
    const later = await request(url)
    const all = [...readers, later]
    const nonces = all.map(nonceOf)
    expect(new Set(nonces).size).toBe(all.length)
    const withoutNonce = (a: Answer) => a.body.replaceAll(nonceOf(a)!, 'N')
    for (const answer of all) {
      expectProtected(answer, 'cached page')
      const scripts = [...answer.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!)
      for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonceOf(answer)}"`)
    }
    // Readers arriving together share one render (the cache worked): the
    // same page, render time included, but for each one's own nonce.
    for (const answer of readers) expect(withoutNonce(answer)).toBe(withoutNonce(readers[0]!))
  })
})

describe('a page-cache hit answered before Express (production)', () => {
  let cached: TestServer
  beforeAll(async () => {
    process.env.NODE_ENV = 'production'
    try {
      cached = await startTestServer({ worker: false })
    } finally {
      process.env.NODE_ENV = 'test'
    }
  })
  afterAll(async () => {
    await cached?.close()
  })

  it('carries every security header, its own nonce and request id, and the reader’s language', async () => {
    const { petition } = await makePetition()
    const url = `${cached.url}/petitions/${petition.slug}`
    const english = { 'accept-language': 'en-US,en;q=0.9' }
    const spanish = { 'accept-language': 'es-MX,es;q=0.9' }
    // The first of each language renders; the next ones are hits.
    const rendered = await request(url, { headers: english })
    const renderedEs = await request(url, { headers: spanish })
    const hits = await Promise.all([
      request(url, { headers: english }),
      request(url, { headers: { ...english, 'accept-encoding': 'gzip' } }),
      request(`${url}?source=flyer`, { headers: english }),
    ])
    const hitEs = await request(url, { headers: spanish })
    const withoutNonce = (a: Answer) => a.body.replaceAll(nonceOf(a)!, 'N')
    for (const answer of [rendered, renderedEs, ...hits, hitEs]) {
      expect(answer.status).toBe(200)
      expectProtected(answer, 'petition page')
      expect(answer.headers['referrer-policy']).toBe('same-origin')
      expect(answer.headers['cross-origin-opener-policy']).toBe('same-origin')
      expect(answer.headers['content-type']).toContain('text/html')
      expect(answer.headers['vary']).toMatch(/accept-language/i)
      expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    }
    // The hits are the kept render (its render time included), in the reader's language.
    expect(withoutNonce(hits[0]!)).toBe(withoutNonce(rendered))
    expect(withoutNonce(hitEs)).toBe(withoutNonce(renderedEs))
    expect(hits[0]!.body).toContain('<html lang="en"')
    expect(hitEs.body).toContain('<html lang="es"')
    // Gzip for who asks, and the reader's source in the form.
    expect(hits[1]!.headers['content-encoding']).toBe('gzip')
    expect(hits[2]!.body).toContain('name="source" value="flyer"')
    // Each reader's own nonce and request id; every script carries the nonce.
    const all = [rendered, ...hits]
    expect(new Set(all.map(nonceOf)).size).toBe(all.length)
    expect(new Set(all.map((a) => a.headers['x-request-id'])).size).toBe(all.length)
    for (const attributes of [...hits[0]!.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!))
      expect(attributes).toContain(`nonce="${nonceOf(hits[0]!)}"`)
  })
})
