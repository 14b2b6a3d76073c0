/**
 * A corpus of generated malformed requests (issue 10): wrong types, missing
 * and extra fields, oversized values, NUL, bytes that are not UTF-8, SQL
 * and Liquid metacharacters, deep JSON, wrong content types and methods,
 * against the sign form, the public and organizer API, the sign-in form
 * and /hooks/mail-events. Every one is invalid (each carries at least one
 * fault that its endpoint must refuse), so: no answer is a 500, and no row
 * of any table is created or changed (compared by checksum, table by
 * table, before and after each endpoint's share).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { makeApiOrganization } from './helpers/api'
import { startTestServer, type TestServer } from './helpers/server'

const MAIL_EVENTS_SECRET = 'corpus-mail-events-secret-0123456789'

let server: TestServer
let org: Awaited<ReturnType<typeof makeApiOrganization>>

beforeAll(async () => {
  process.env.VIGIL_MAIL_EVENTS_SECRET = MAIL_EVENTS_SECRET
  server = await startTestServer({ worker: false })
  org = await makeApiOrganization('Corpus Org')
})

afterAll(async () => {
  await server?.close()
  delete process.env.VIGIL_MAIL_EVENTS_SECRET
})

// ---------------------------------------------------------------- payloads

const deep = (depth: number): unknown => {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value]
  return value
}

/** Hostile strings: each may or may not be valid where it lands; a spoiler makes sure the request is not. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'Ana\u0000Lima',
  "' OR '1'='1",
  "Robert'); DROP TABLE signatures;--",
  '1; select pg_sleep(5)--',
  '\\x00\\',
  '{{ supporter.name }}',
  '{% for s in signatures %}{{ s.email }}{% endfor %}',
  '{{ "x" | append: 7 }}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'x'.repeat(20_000),
  '😀'.repeat(500),
  '\uD800',
  '\uFFFD\uFFFE\uFFFF',
  '\r\nSet-Cookie: a=b',
  '../../../etc/passwd',
  '=HYPERLINK("http://evil.example")',
  '%00',
  '-1',
  '1e309',
  'null',
]

/** Values of the wrong type for any JSON field. */
const WRONG_TYPES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  [],
  ['a', 1],
  {},
  { $gt: '' },
  deep(40),
]

/** The share of those tried in every JSON field (the whole list goes to the forms). */
const JSON_VALUES: unknown[] = [
  ...HOSTILE_STRINGS.filter((_, i) => i % 2 === 0),
  null,
  true,
  1.5,
  ['a', 1],
  { $gt: '' },
  deep(40),
  undefined,
]

/** Raw bodies that are not UTF-8 text (overlong NUL, lone surrogate, stray bytes). */
const NOT_UTF8 = [
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xc0, 0x80]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
  Buffer.from([0xe2, 0x82]),
]

// ---------------------------------------------------------------- requests

interface Probe {
  label: string
  method: string
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
}

/** encodeURIComponent for any string (a lone surrogate goes as U+FFFD, as UTF-8 must write it). */
const encode = (value: string) => encodeURIComponent(Buffer.from(value).toString('utf8'))

const form = (fields: [string, string][]) =>
  fields.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }
const JSON_TYPE = { 'content-type': 'application/json' }

/** A urlencoded body with one field's value made of raw bytes. */
const rawFormWith = (fields: [string, string][], name: string, bytes: Buffer) =>
  Buffer.concat([Buffer.from(form(fields) + `&${name}=`), bytes, Buffer.from('x')])

/** A JSON text with raw bytes inside one string. */
const rawJsonWith = (bytes: Buffer) =>
  Buffer.concat([Buffer.from('{"title":"a'), bytes, Buffer.from('b","body":"c"}')])

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let node = target as Record<string, unknown>
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>
  if (value === undefined) delete node[path.at(-1)!]
  else node[path.at(-1)!] = value
}

/**
 * JSON probes for one endpoint: `valid` is a body the endpoint would
 * accept, `spoil` makes a copy certainly invalid; each probe puts one
 * hostile value (or removes one field) somewhere and spoils the body
 * elsewhere, plus whole-body faults.
 */
function jsonProbes(
  label: string,
  method: string,
  path: string,
  valid: () => Record<string, unknown>,
  fields: string[][],
  spoil: (body: Record<string, unknown>, touched: string[]) => void,
  headers: Record<string, string> = {},
): Probe[] {
  const probes: Probe[] = []
  const send = (what: string, body: string | Buffer, extra: Record<string, string> = JSON_TYPE) =>
    probes.push({
      label: `${label}: ${what}`,
      method,
      path,
      headers: { ...extra, ...headers },
      body,
    })
  for (const field of fields) {
    for (const value of JSON_VALUES) {
      const body = valid()
      setPath(body, field, value)
      spoil(body, field)
      send(`${field.join('.')}=${JSON.stringify(value)?.slice(0, 30)}`, JSON.stringify(body))
    }
  }
  const spoiled = () => {
    const body = valid()
    spoil(body, [])
    return body
  }
  send(
    'extra fields',
    JSON.stringify({ ...spoiled(), extra: 1, __proto__x: { a: 1 }, ['k'.repeat(500)]: 1 }),
  )
  send(
    'deep JSON',
    `${JSON.stringify(valid()).slice(0, -1)},"nested":${'[{"a":'.repeat(3000)}1${'}]'.repeat(3000)}}`,
  )
  send('deep JSON text', '['.repeat(100_000) + ']'.repeat(100_000))
  send('not JSON', '{"title": "unterminated')
  send('JSON array', JSON.stringify([valid()]))
  send('JSON string', JSON.stringify('hello'))
  send('JSON null', 'null')
  send('empty body', '')
  send('NUL escape in a key', JSON.stringify({ ...valid(), 'ti\u0000tle': 'x' }))
  send('NUL escape in a value', JSON.stringify(valid()).replace(/"([^"]*)"(,|})/, '"$1\\u0000"$2'))
  send('too large', JSON.stringify({ ...spoiled(), pad: 'x'.repeat(1_100_000) }))
  for (const bytes of NOT_UTF8) send(`bytes ${bytes.toString('hex')}`, rawJsonWith(bytes))
  send('form instead of JSON', form([['title', 'x']]), FORM)
  send('text/plain', 'title=x', { 'content-type': 'text/plain' })
  send('no content type', JSON.stringify(spoiled()), {})
  send('multipart', '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--', {
    'content-type': 'multipart/form-data; boundary=b',
  })
  return probes
}

function signFormProbes(slug: string): Probe[] {
  const path = `/petitions/${slug}`
  const valid = (): [string, string][] => [
    ['name', 'Ana Lima'],
    ['email', `corpus.${Math.random()}@example.org`],
    ['postalCode', '78701'],
    ['country', 'US'],
  ]
  // Each probe's fault: a required field missing or invalid, rotating.
  const spoilers: ((f: [string, string][]) => [string, string][])[] = [
    (f) => f.filter(([k]) => k !== 'name'),
    (f) => f.map(([k, v]) => [k, k === 'email' ? 'not-an-address' : v]),
    (f) => f.map(([k, v]) => [k, k === 'postalCode' ? 'ABCDE' : v]),
    (f) => f.map(([k, v]) => [k, k === 'country' ? 'XX' : v]),
    (f) => [...f, ['comment', 'c'.repeat(1001)]],
  ]
  const probes: Probe[] = []
  let n = 0
  /** The field each spoiler breaks: a probe setting that field needs another spoiler. */
  const SPOILS = ['name', 'email', 'postalCode', 'country', 'comment']
  /** A spoiler that leaves `field` alone (the probe then sets it). */
  const spoil = (f: [string, string][], field = '') => {
    const usable = spoilers.filter((_, i) => SPOILS[i] !== field)
    return usable[n++ % usable.length]!(f)
  }
  for (const field of [
    'name',
    'email',
    'postalCode',
    'country',
    'locality',
    'comment',
    'website',
  ]) {
    for (const value of HOSTILE_STRINGS) {
      const fields = spoil(valid(), field).filter(([k]) => k !== field)
      probes.push({
        label: `sign form: ${field}=${JSON.stringify(value).slice(0, 30)}`,
        method: 'POST',
        path,
        headers: FORM,
        body: form([...fields, [field, value]]),
      })
    }
    for (const bytes of NOT_UTF8)
      probes.push({
        label: `sign form: ${field} bytes ${bytes.toString('hex')}`,
        method: 'POST',
        path,
        headers: FORM,
        // Not UTF-8: refused whatever the rest says, so the rest may be valid.
        body: rawFormWith(
          valid().filter(([k]) => k !== field),
          field,
          bytes,
        ),
      })
  }
  const spoiled = form(spoil(valid()))
  const more: [string, Record<string, string>, string | Buffer, string?][] = [
    ['repeated fields', FORM, `${spoiled}&name=a&name=b&email=x&email=y`],
    [
      'a thousand extra fields',
      FORM,
      `${spoiled}&${Array.from({ length: 1000 }, (_, i) => `f${i}=${i}`).join('&')}`,
    ],
    ['JSON body', JSON_TYPE, JSON.stringify(Object.fromEntries(valid()))],
    ['text/plain body', { 'content-type': 'text/plain' }, form(valid())],
    ['no content type', {}, form(valid())],
    [
      'latin-1 declared',
      { 'content-type': 'application/x-www-form-urlencoded; charset=latin1' },
      Buffer.concat([
        Buffer.from('name=Jos'),
        Buffer.from([0xe9]),
        Buffer.from(`&email=j${Math.random()}@example.org&postalCode=78701`),
      ]),
    ],
    [
      'broken multipart',
      { 'content-type': 'multipart/form-data; boundary=zz' },
      '--zz\r\nContent-Disposition: form-data; name="name"\r\n\r\nAna',
    ],
    [
      'multipart, fault inside',
      { 'content-type': 'multipart/form-data; boundary=zz' },
      `--zz\r\nContent-Disposition: form-data; name="name"\r\n\r\nAna\u0000\r\n--zz\r\nContent-Disposition: form-data; name="email"\r\n\r\nmp${Math.random()}@example.org\r\n--zz\r\nContent-Disposition: form-data; name="postalCode"\r\n\r\n78701\r\n--zz--\r\n`,
    ],
    ['stray percent escapes', FORM, `name=%&email=%zz&postalCode=%4`],
    ['NUL in a field name', FORM, `${spoiled}&na%00me=x`],
    ['huge body', FORM, `${spoiled}&comment=${'x'.repeat(6 * 1024 * 1024)}`],
  ]
  for (const [what, headers, body] of more)
    probes.push({ label: `sign form: ${what}`, method: 'POST', path, headers, body })
  for (const method of ['PUT', 'PATCH', 'DELETE', 'TRACE', 'PROPFIND'])
    probes.push({ label: `sign form: ${method}`, method, path, headers: FORM, body: spoiled })
  for (const value of HOSTILE_STRINGS.slice(0, 21))
    probes.push({
      label: `sign form: slug ${JSON.stringify(value).slice(0, 30)}`,
      method: 'POST',
      path: `/petitions/${encode(value || 'x')}`,
      headers: FORM,
      body: form(valid()),
    })
  return probes
}

function loginProbes(): Probe[] {
  const probes: Probe[] = []
  for (const value of HOSTILE_STRINGS) {
    // No password (or an empty one): refused before any account is looked up.
    probes.push({
      label: `login: email=${JSON.stringify(value).slice(0, 30)}`,
      method: 'POST',
      path: '/login',
      headers: FORM,
      body: form([['email', value]]),
    })
    probes.push({
      label: `login: password=${JSON.stringify(value).slice(0, 30)}`,
      method: 'POST',
      path: '/login',
      headers: FORM,
      body: form([
        ['email', 'not an email'],
        ['password', value],
      ]),
    })
    probes.push({
      label: `login: redirectTo=${JSON.stringify(value).slice(0, 30)}`,
      method: 'POST',
      path: '/login',
      headers: FORM,
      body: form([
        ['email', `${value}@`],
        ['password', ''],
        ['redirectTo', value],
      ]),
    })
  }
  for (const bytes of NOT_UTF8)
    probes.push({
      label: `login: bytes ${bytes.toString('hex')}`,
      method: 'POST',
      path: '/login',
      headers: FORM,
      body: rawFormWith([['email', 'someone@example.org']], 'password', bytes),
    })
  for (const [what, headers, body] of [
    ['JSON body', JSON_TYPE, JSON.stringify({ email: 'a@example.org', password: 'x' })],
    ['no content type', {}, 'email=a@example.org&password=x'],
    [
      'password too long',
      FORM,
      form([
        ['email', 'a@example.org'],
        ['password', 'p'.repeat(5000)],
      ]),
    ],
  ] as const)
    probes.push({ label: `login: ${what}`, method: 'POST', path: '/login', headers, body })
  for (const method of ['PUT', 'DELETE', 'TRACE'])
    probes.push({ label: `login: ${method}`, method, path: '/login', headers: FORM, body: '' })
  return probes
}

function mailEventProbes(): Probe[] {
  const auth = { authorization: `Bearer ${MAIL_EVENTS_SECRET}` }
  const valid = () => ({ events: [{ type: 'bounce', email: 'bounced@example.org', detail: 'x' }] })
  const probes = jsonProbes(
    'mail events',
    'POST',
    '/hooks/mail-events',
    valid,
    [
      ['events'],
      ['events', '0', 'type'],
      ['events', '0', 'email'],
      ['events', '0', 'organization_id'],
      ['events', '0', 'detail'],
    ],
    (body, touched) => {
      const events = body.events as Record<string, unknown>[] | undefined
      if (!Array.isArray(events) || typeof events[0] !== 'object' || events[0] === null) return
      if (touched.at(-1) === 'type') events[0].email = 'not-an-address'
      else events[0].type = 'nonsense'
    },
    auth,
  )
  for (const header of [
    '',
    'Bearer',
    'Bearer wrong',
    `Basic ${MAIL_EVENTS_SECRET}`,
    `Bearer ${MAIL_EVENTS_SECRET}x`,
  ])
    probes.push({
      label: `mail events: auth ${header.slice(0, 12)}`,
      method: 'POST',
      path: '/hooks/mail-events',
      headers: { ...JSON_TYPE, ...(header ? { authorization: header } : {}) },
      body: JSON.stringify(valid()),
    })
  return probes
}

/** WRONG_TYPES is kept for the forms' sake too: any of them is also sent as a whole body. */
function wholeBodies(): Probe[] {
  return WRONG_TYPES.map((value) => ({
    label: `public signature: whole body ${JSON.stringify(value).slice(0, 30)}`,
    method: 'POST',
    path: `/api/v1/petitions/${org.petition.id}/signatures`,
    headers: JSON_TYPE,
    body: JSON.stringify(value),
  }))
}

function organizerProbes(): Probe[] {
  const auth = { authorization: `Bearer ${org.token}` }
  const probes: Probe[] = []
  const wrongType = (
    body: Record<string, unknown>,
    key: string,
    touched: string[],
    alt: string,
  ) => {
    body[touched[0] === key ? alt : key] = { wrong: 'type' }
  }
  probes.push(
    ...jsonProbes(
      'create case',
      'POST',
      '/api/v1/cases',
      () => ({
        person_name: 'Corpus Person',
        jurisdiction: 'Texas',
        status: 'scheduled',
        next_date: '2030-01-01T12:00:00Z',
        next_date_kind: 'execution',
        time_zone: 'America/Chicago',
        summary: 's',
        sources: ['https://example.org'],
      }),
      [
        ['person_name'],
        ['jurisdiction'],
        ['status'],
        ['next_date'],
        ['next_date_kind'],
        ['time_zone'],
        ['summary'],
        ['sources'],
        ['decision_makers'],
      ],
      (b, t) => wrongType(b, 'person_name', t, 'jurisdiction'),
      auth,
    ),
    ...jsonProbes(
      'change case',
      'PATCH',
      `/api/v1/cases/${org.case.id}`,
      () => ({ summary: 'changed', note: 'n' }),
      [['summary'], ['note'], ['source_url']],
      (b, t) => wrongType(b, 'court', t, 'case_number'),
      auth,
    ),
    ...jsonProbes(
      'case event',
      'POST',
      `/api/v1/cases/${org.case.id}/events`,
      () => ({ kind: 'note', note: 'n', source_url: 'https://example.org' }),
      [['kind'], ['note'], ['occurred_at']],
      (b, t) => wrongType(b, 'kind', t, 'note'),
      auth,
    ),
    ...jsonProbes(
      'create official',
      'POST',
      '/api/v1/officials',
      () => ({ name: 'Corpus Official', title: 'Judge', email: 'judge@example.org', phone: '555' }),
      [['name'], ['email'], ['phone']],
      (b, t) => wrongType(b, 'name', t, 'title'),
      auth,
    ),
    ...jsonProbes(
      'create petition',
      'POST',
      '/api/v1/petitions',
      () => ({ case_id: org.case.id, title: 'Corpus', body: 'b', goal: 10, status: 'draft' }),
      [['case_id'], ['title'], ['goal'], ['target_ids']],
      (b, t) => wrongType(b, 'title', t, 'goal'),
      auth,
    ),
    ...jsonProbes(
      'change petition',
      'PATCH',
      `/api/v1/petitions/${org.petition.id}`,
      () => ({ title: 'Changed' }),
      [['title'], ['body'], ['status']],
      (b, t) => wrongType(b, 'goal', t, 'title'),
      auth,
    ),
    ...jsonProbes(
      'create message',
      'POST',
      '/api/v1/messages',
      () => ({
        subject: 'Hello {{ supporter.first_name }}',
        body: 'Body',
        targets: [{ petition_id: org.petition.id }],
      }),
      [['subject'], ['body'], ['targets']],
      (b, t) => wrongType(b, 'subject', t, 'body'),
      auth,
    ),
  )
  const publicSignature = () => ({
    person: {
      given_name: 'Ana',
      family_name: 'Lima',
      email_addresses: [{ address: `api.${Math.random()}@example.org` }],
      postal_addresses: [{ postal_code: '78701', country: 'US' }],
    },
    comments: 'c',
    subscribe: true,
    public: false,
  })
  probes.push(
    ...jsonProbes(
      'public signature',
      'POST',
      `/api/v1/petitions/${org.petition.id}/signatures`,
      publicSignature,
      [
        ['person'],
        ['person', 'given_name'],
        ['person', 'family_name'],
        ['person', 'email_addresses'],
        ['person', 'postal_addresses'],
        ['comments'],
        ['subscribe'],
        ['public'],
      ],
      (b, t) => {
        const person = b.person as Record<string, unknown> | undefined
        if (!person || typeof person !== 'object') return
        if (t[1] === 'postal_addresses') person.email_addresses = [{ address: 'not-an-address' }]
        else person.postal_addresses = [{ postal_code: 'ABCDE', country: 'US' }]
      },
    ),
  )
  return [...probes, ...wholeBodies()]
}

function addressProbes(): Probe[] {
  const probes: Probe[] = []
  const auth = { authorization: `Bearer ${org.token}` }
  for (const value of [...HOSTILE_STRINGS.slice(0, 21), '%C3%28', '%FF', '%00', '%E2%82']) {
    const encoded = /^%/.test(value) ? value : encode(value || ' ')
    probes.push(
      {
        label: `GET /petitions/${value.slice(0, 20)}`,
        method: 'GET',
        path: `/petitions/${encoded}`,
      },
      { label: `GET /cases/${value.slice(0, 20)}`, method: 'GET', path: `/cases/${encoded}` },
      {
        label: `GET /unsubscribe/${value.slice(0, 20)}`,
        method: 'GET',
        path: `/unsubscribe/${encoded}`,
      },
      { label: `GET /confirm/${value.slice(0, 20)}`, method: 'GET', path: `/confirm/${encoded}` },
      {
        label: `GET ?q=${value.slice(0, 20)}`,
        method: 'GET',
        path: `/?q=${encoded}&page=${encoded}`,
      },
      {
        label: `API petition ${value.slice(0, 20)}`,
        method: 'GET',
        path: `/api/v1/petitions/${encoded}`,
      },
      {
        label: `API list q=${value.slice(0, 20)}`,
        method: 'GET',
        path: `/api/v1/cases?q=${encoded}&page=${encoded}&per_page=${encoded}`,
        headers: auth,
      },
      {
        label: `API signatures q=${value.slice(0, 20)}`,
        method: 'GET',
        path: `/api/v1/petitions/${org.petition.id}/signatures?q=${encoded}&status=${encoded}`,
        headers: auth,
      },
    )
  }
  return probes
}

// ---------------------------------------------------------------- checks

/** A checksum of every table's rows (but a token's last-used time, bookkeeping of a valid credential). */
async function checksums(): Promise<Record<string, string>> {
  const sql = db()
  const tables = await sql<{ table: string; columns: string[] }[]>`
    select c.table_name as table, array_agg(quote_ident(c.column_name) order by c.ordinal_position) as columns
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and not (c.table_name = 'api_tokens' and c.column_name = 'last_used_at')
    group by c.table_name order by c.table_name`
  const out: Record<string, string> = {}
  for (const { table, columns } of tables) {
    const row = `row(${columns.join(', ')})::text`
    const [sum] = await sql.unsafe<{ sum: string }[]>(
      `select count(*) || ':' || coalesce(md5(string_agg(${row}, '|' order by ${row})), '') as sum from ${table}`,
    )
    out[table] = sum!.sum
  }
  return out
}

async function fire(probe: Probe): Promise<{ probe: Probe; status: number }> {
  const res = await fetch(`${server.url}${probe.path}`, {
    method: probe.method,
    headers: probe.headers,
    body:
      probe.body === undefined
        ? undefined
        : typeof probe.body === 'string'
          ? probe.body
          : new Uint8Array(probe.body),
    redirect: 'manual',
  }).catch(() => null)
  if (!res) return { probe, status: await rawStatus(probe) }
  await res.arrayBuffer().catch(() => null)
  return { probe, status: res.status }
}

/** Methods fetch refuses to send (TRACE), sent by hand. */
async function rawStatus(probe: Probe): Promise<number> {
  const http = await import('node:http')
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}${probe.path}`,
      { method: probe.method, headers: probe.headers },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode!))
      },
    )
    req.on('error', reject)
    req.end(probe.body)
  })
}

async function runAll(probes: Probe[], concurrency = 6) {
  const results: { probe: Probe; status: number }[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < probes.length; i = next++) results.push(await fire(probes[i]!))
    }),
  )
  return results
}

const counts: Record<string, number> = {}

/**
 * Sends the probes and holds them to it: no 500, no row created or changed;
 * with `refused`, each answered 4xx (a GET of a page may also be a 200).
 */
async function expectHarmless(name: string, probes: Probe[], { refused = true } = {}) {
  const before = await checksums()
  const results = await runAll(probes)
  counts[name] = results.length
  const failures = results.filter((r) => r.status >= 500 || (refused && r.status < 400))
  expect(
    failures.map((f) => `${f.status} ${f.probe.method} ${f.probe.label}`),
    `${name}: ${refused ? 'every malformed request is refused with a 4xx' : 'no 500'}`,
  ).toEqual([])
  const after = await checksums()
  const changed = Object.keys(after).filter((t) => after[t] !== before[t])
  expect(changed, `${name}: tables changed by malformed requests`).toEqual([])
}

describe('the bad-input corpus', () => {
  it('the sign form refuses every malformed post, never with a 500, storing nothing', async () => {
    await expectHarmless('sign form', signFormProbes(org.petition.slug))
  })

  it('the public and organizer API do the same', async () => {
    await expectHarmless('API', organizerProbes())
  })

  it('sign-in and the mail-events hook do the same', async () => {
    await expectHarmless('login and hook', [...loginProbes(), ...mailEventProbes()])
  })

  it('hostile addresses and queries are refused or not found, never a 500', async () => {
    await expectHarmless('addresses', addressProbes(), { refused: false })
  })

  it(`sent at least 1,000 requests`, () => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThanOrEqual(1000)
  })
})
