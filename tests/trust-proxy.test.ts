/**
 * Audit finding 3: the per-address limits believed the first
 * X-Forwarded-For entry, which any client writes behind a proxy that
 * appends (as nginx does). TRUST_PROXY (the contract) takes Express's
 * `trust proxy` values, and the client is the rightmost address not
 * trusted.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { parseEnv, parseTrustProxy, resetEnvCache } from '../app/utils/env.server'
import { makePetition, validSignature } from './helpers/fixtures'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
  delete process.env.TRUST_PROXY
  resetEnvCache()
})

async function serve(trustProxy?: string) {
  if (trustProxy === undefined) delete process.env.TRUST_PROXY
  else process.env.TRUST_PROXY = trustProxy
  server = await startTestServer({ worker: false })
  return server
}

/** Signs once with that X-Forwarded-For and returns the address the signature recorded. */
async function recordedAddress(url: string, slug: string, forwardedFor?: string) {
  const email = validSignature().email!
  const res = await postForm(
    `${url}/petitions/${slug}`,
    validSignature({ email }),
    forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  )
  expect(res.status).toBe(303)
  const [row] = await db()<{ ip: string | null }[]>`
    select host(ip) as ip from signatures where email = ${email}`
  return row!.ip
}

describe('TRUST_PROXY', () => {
  it('by default (loopback) takes the rightmost address a local proxy appended, not the first', async () => {
    const { url } = await serve()
    const { petition } = await makePetition()
    expect(await recordedAddress(url, petition.slug, '6.6.6.6, 198.51.100.20')).toBe(
      '198.51.100.20',
    )
    expect(await recordedAddress(url, petition.slug, '198.51.100.21')).toBe('198.51.100.21')
    expect(await recordedAddress(url, petition.slug)).toBe('127.0.0.1')
  })

  it('holds a flood that writes a new first X-Forwarded-For entry on every request', async () => {
    const { url } = await serve()
    const { petition } = await makePetition()
    for (let i = 0; i < 22; i++) {
      const res = await postForm(`${url}/petitions/${petition.slug}`, validSignature(), {
        'x-forwarded-for': `10.9.${i}.1, 203.0.113.99`,
      })
      expect(res.status).toBe(303)
    }
    const rows = await db()<{ status: string; n: number }[]>`
      select status, count(*)::int as n from signatures
      where petition_id = ${petition.id} group by status order by status`
    expect(rows).toEqual([
      { status: 'held', n: 2 },
      { status: 'pending', n: 20 },
    ])
  })

  it('believes no one with false, and no peer outside the listed networks', async () => {
    const { petition } = await makePetition()
    for (const setting of ['false', '10.0.0.0/8, 192.168.0.1']) {
      const { url } = await serve(setting)
      expect(await recordedAddress(url, petition.slug, '198.51.100.22'), setting).toBe('127.0.0.1')
      await server!.close()
      server = undefined
    }
  })

  it('counts hops: with 2, the address the second proxy saw', async () => {
    const { url } = await serve('2')
    const { petition } = await makePetition()
    expect(await recordedAddress(url, petition.slug, '6.6.6.6, 198.51.100.23, 10.0.0.5')).toBe(
      '198.51.100.23',
    )
  })

  it('takes a list of addresses and CIDRs, and refuses what Express would not', () => {
    expect(parseTrustProxy('loopback')).toEqual(['loopback'])
    expect(parseTrustProxy(' loopback, 10.0.0.0/8 ,fd00::/8, uniquelocal')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      'uniquelocal',
    ])
    expect(parseTrustProxy('false')).toBe(false)
    expect(parseTrustProxy('1')).toBe(1)
    for (const bad of ['true', '10.0.0.0/33', 'example.org', '10.0.0', '', 'loopback,,nonsense'])
      expect(parseTrustProxy(bad), bad).toBeNull()
    expect(parseEnv({ NODE_ENV: 'test' }).TRUST_PROXY).toEqual(['loopback'])
    expect(() => parseEnv({ NODE_ENV: 'test', TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/)
  })
})
