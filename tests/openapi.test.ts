/**
 * The OpenAPI description: valid OpenAPI 3.1 by a validator, served
 * publicly, generated from the schemas the routes validate with — and held
 * to the routes themselves: every route file is documented, each
 * documented example (the ones docs/api.md shows) succeeds on its route,
 * a body without a field the document calls required is refused by the
 * route naming that field, as is each documented field given the wrong
 * type (so the route knows every field the document names), and every
 * body example in docs/api.md passes its route's schema.
 */
import fs from 'node:fs'
import path from 'node:path'
import { validate } from '@readme/openapi-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OPERATIONS, type Operation } from '../app/api/operations.server'
import { requestSchema } from '../app/api/openapi.server'
import { db } from '../app/utils/db.server'
import { resetEnvCache } from '../app/utils/env.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { startTestServer, type TestServer } from './helpers/server'

let server: TestServer
let org: Awaited<ReturnType<typeof makeApiOrganization>>
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is read loosely
let doc: any

beforeAll(async () => {
  process.env.VIGIL_WEBHOOK_ALLOW_PRIVATE = 'on'
  resetEnvCache()
  server = await startTestServer({ worker: false })
  org = await makeApiOrganization('OpenAPI Org')
  // The privacy operations take an admin's token (decision 037).
  await db()`update memberships set role = 'admin' where user_id = ${org.user.id}`
  const res = await fetch(`${server.url}/api/v1/openapi.json`)
  expect(res.status).toBe(200)
  doc = await res.json()
})

afterAll(async () => {
  delete process.env.VIGIL_WEBHOOK_ALLOW_PRIVATE
  resetEnvCache()
  await server.close()
})

const ROUTES = path.resolve(import.meta.dirname, '../app/routes')

/** A route file's URL under /api/v1, in OpenAPI's form. */
function routePath(file: string): string {
  const segments = file
    .replace(/^api\.v1/, '')
    .replace(/\.tsx?$/, '')
    .replace(/\[(\.\w+)\]/g, (_, ext: string) => `%${ext.slice(1)}`)
    .split('.')
    .filter((s) => s && s !== '_index')
    .map((s) => s.replace(/^\$(\w+)/, '{$1}').replace(/%(\w+)$/, '.$1'))
  return segments.length ? `/${segments.join('/')}` : ''
}

describe('the document', () => {
  it('is valid OpenAPI 3.1, public, and names every route of the API', async () => {
    expect(doc.openapi).toBe('3.1.0')
    const result = await validate(structuredClone(doc))
    if (!result.valid) expect(result.errors).toEqual([])
    expect(result.valid).toBe(true)
    const files = fs.readdirSync(ROUTES).filter((f) => f.startsWith('api.v1'))
    const routes = new Set(files.map(routePath))
    const documented = new Set(OPERATIONS.map((op) => op.path))
    expect([...routes].sort()).toEqual([...documented].sort())
  })

  it('describes each request body with the schema its route validates with', () => {
    for (const op of OPERATIONS.filter((o) => o.body)) {
      const media = doc.paths[op.path || '/'][op.method].requestBody.content['application/json']
      expect(media.schema, `${op.method} ${op.path}`).toEqual(requestSchema(op.body!))
      // The example is one the route's schema takes.
      const parsed = op.body!.safeParse(media.example)
      expect(parsed.success, `${op.method} ${op.path}: ${JSON.stringify(parsed.error)}`).toBe(true)
    }
  })
})

describe('the routes agree with it', () => {
  const ids: Record<string, string> = {}
  const api = (method: string, p: string, body?: unknown, token: string | null = org.token) =>
    callApi(server.url, method.toUpperCase(), `/api/v1${p}`, { token, body })

  /** The example with its placeholders replaced by real ids (and a webhook URL that resolves here). */
  function example(op: Operation): Record<string, unknown> {
    const text = JSON.stringify(op.example)
      .replaceAll('<case_id>', ids.case ?? org.case.id)
      .replaceAll('<official_id>', ids.official ?? org.governor.id)
      .replaceAll('<petition_id>', ids.petition ?? org.petition.id)
      .replace('https://crm.example.org/hooks/vigil', 'http://127.0.0.1:9/hooks/vigil')
    return JSON.parse(text)
  }

  const byTag: Record<string, keyof typeof ids> = {
    Cases: 'case',
    Officials: 'official',
    Petitions: 'petition',
    Signatures: 'petition',
    Messages: 'message',
    Outreach: 'outreach',
    Webhooks: 'webhook',
  }
  const pathOf = (op: Operation) =>
    op.path
      .replace('{id}', ids[byTag[op.tag]!] ?? 'none')
      .replace('{eventId}', ids.event ?? 'none')
      .replace('{signatureId}', ids.signature ?? 'none')

  // Creates first, so that what the others change exists; closing the petition last.
  const order = (op: Operation) =>
    op.method === 'post' && !op.path.includes('{')
      ? ['/officials', '/cases', '/petitions', '/messages', '/outreaches', '/webhooks'].indexOf(
          op.path,
        )
      : op.method === 'delete' || (op.method === 'patch' && op.tag === 'Petitions')
        ? 100
        : 50

  it('answers each documented example with the documented status', async () => {
    const withBodies = OPERATIONS.filter((op) => op.body).sort((a, b) => order(a) - order(b))
    for (const op of withBodies) {
      const res = await api(op.method, pathOf(op), example(op), op.public ? null : org.token)
      expect(res.status, `${op.method} ${op.path}: ${JSON.stringify(res.body)}`).toBe(op.success)
      if (op.success === 201 && !op.path.includes('{')) ids[byTag[op.tag]!] = res.body.id
      if (op.path === '/cases/{id}/events') ids.event = res.body.id
    }
    ids.signature = (await api('get', `/petitions/${ids.petition}/signatures`)).body._embedded[
      'osdi:signatures'
    ][0].id
    for (const op of OPERATIONS.filter((o) => !o.body && o.method === 'get')) {
      const res = await fetch(`${server.url}/api/v1${pathOf(op)}`, {
        headers: op.public ? {} : { authorization: `Bearer ${org.token}` },
      })
      expect(res.status, `${op.method} ${op.path}`).toBe(op.success)
      await res.arrayBuffer()
    }
    // Open again (the example closed it) for the next test's signatures.
    expect((await api('patch', `/petitions/${ids.petition}`, { status: 'open' })).status).toBe(200)
  })

  it('refuses a body without a field the document calls required, naming it', async () => {
    for (const op of OPERATIONS.filter((o) => o.body)) {
      const schema = doc.paths[op.path || '/'][op.method].requestBody.content['application/json']
        .schema as { required?: string[] }
      for (const field of schema.required ?? []) {
        const { [field]: _left, ...body } = example(op)
        const res = await api(op.method, pathOf(op), body, op.public ? null : org.token)
        expect(res.status, `${op.method} ${op.path} without ${field}`).toBe(422)
        expect(
          Object.keys(res.body.error.fields ?? {}).some((key) => key.startsWith(field)),
          `${op.method} ${op.path} without ${field}: ${JSON.stringify(res.body)}`,
        ).toBe(true)
      }
    }
  })

  it('refuses each documented field given the wrong type, naming it (the route knows the field)', async () => {
    for (const op of OPERATIONS.filter((o) => o.body)) {
      const schema = doc.paths[op.path || '/'][op.method].requestBody.content['application/json']
        .schema as { properties: Record<string, { type?: string | string[]; anyOf?: unknown }> }
      for (const [field, property] of Object.entries(schema.properties)) {
        if (!property.type && !property.anyOf && !('enum' in property)) continue // any value
        const wrong = property.type === 'object' ? 'not an object' : { not: 'this type' }
        const res = await api(
          op.method,
          pathOf(op),
          { ...example(op), [field]: wrong },
          op.public ? null : org.token,
        )
        expect(res.status, `${op.method} ${op.path} with a wrong ${field}`).toBe(422)
        expect(
          Object.keys(res.body.error.fields ?? {}).some((key) => key.startsWith(field)),
          `${op.method} ${op.path} with a wrong ${field}: ${JSON.stringify(res.body)}`,
        ).toBe(true)
      }
    }
  })

  it('takes every body example of docs/api.md', () => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../docs/api.md'), 'utf8')
    const commands = [
      ...text.matchAll(
        /(?:^|\n)(?:\S+=\$\()?(?:api|curl)\b([^\n]*?)localhost:3000\/api\/v1(\/[^\s'"]*)[^\n]*?-d '([\s\S]*?)'/g,
      ),
    ]
    expect(commands.length).toBeGreaterThanOrEqual(8)
    for (const [, flags, url, body] of commands) {
      const method = (/-X (\w+)/.exec(flags!)?.[1] ?? 'POST').toLowerCase()
      const concrete = url!.replace(/\$\w+|<[\w ]+>/g, 'ID')
      const op = OPERATIONS.find(
        (o) =>
          o.method === method &&
          new RegExp(`^${o.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(concrete),
      )
      expect(op, `${method} ${url}`).toBeDefined()
      const parsed = op!.body!.safeParse(JSON.parse(body!))
      expect(parsed.success, `${method} ${url}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true)
    }
  })
})
