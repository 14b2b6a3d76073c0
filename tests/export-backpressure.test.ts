/**
 * A CSV export to a client that stops reading: the server reads from
 * PostgreSQL only as fast as the client takes the rows (the COPY stays
 * open while the client waits) instead of buffering the whole export in
 * memory, and the client still gets every row once it reads again; with
 * gzip too (compressed in that chain, not by the middleware, which let a
 * fast export pile up in its input).
 */
import http from 'node:http'
import zlib from 'node:zlib'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { makeApiOrganization } from './helpers/api'
import { seedSigners } from './helpers/campaigns'
import { startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ worker: false })
})

afterAll(async () => {
  await server?.close()
})

async function copyRunning(): Promise<boolean> {
  const rows = await db()`
    select 1 from pg_stat_activity
    where datname = current_database() and query ilike 'copy%' and state = 'active'`
  return rows.length > 0
}

it.each([
  ['identity', (body: Buffer) => body],
  ['gzip', (body: Buffer) => zlib.gunzipSync(body)],
])(
  'holds the export in PostgreSQL while the client does not read, then sends it all (%s)',
  async (encoding, decode) => {
    const org = await makeApiOrganization()
    const count = 150_000
    await seedSigners({ organizationId: org.organization.id, petitionId: org.petition.id, count })
    if (encoding === 'gzip') {
      // Comments that do not compress, so that the gzip stream too is more than the sockets hold.
      await db()`
      update signatures set comment = (select string_agg(md5(random()::text || g::text || signatures.id::text), '') from generate_series(1, 8) g)
      where petition_id = ${org.petition.id}`
    }
    const url = new URL(`${server.url}/api/v1/petitions/${org.petition.id}/signatures.csv`)
    const chunks: Buffer[] = []
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.get(
        url,
        { headers: { authorization: `Bearer ${org.token}`, 'accept-encoding': encoding } },
        resolve,
      )
      req.on('error', reject)
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-encoding']).toBe(encoding === 'gzip' ? 'gzip' : undefined)
    // Read one chunk, then stop reading for a while.
    response.pause()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    // About 15 MB of CSV, more than the sockets hold: without backpressure
    // the COPY would long be over, its rows in this process.
    expect(await copyRunning()).toBe(true)
    response.on('data', (chunk: Buffer) => chunks.push(chunk))
    response.resume()
    await new Promise((resolve) => response.on('end', resolve))
    const lines = decode(Buffer.concat(chunks)).toString('utf8').trim().split('\n')
    expect(lines[0]).toBe('name,locality,postal_code,country,signed_at,comment,email')
    expect(lines).toHaveLength(count + 1)
    expect(await copyRunning()).toBe(false)
  },
  120_000,
)
