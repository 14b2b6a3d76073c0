/**
 * What an operator sees of a running Vigil (`npm start` in a child
 * process, on this file's database): /metrics in Prometheus text, open to
 * this machine and to the bearer token only, whose counters move with
 * what happens and whose queue figures come from the database; and one
 * JSON log line per request, with a request id, no personal data, and no
 * stack for an ordinary 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePetition, validSignature } from './helpers/fixtures'
import { eventually, freePort, postForm } from './helpers/server'
import { startSmtpSink } from './helpers/smtp'
import { startVigilProcess, type VigilProcess } from './helpers/vigil-process'

const TOKEN = 'metrics-token-for-the-test-0123456789'
let vigil: VigilProcess
let url: string

beforeAll(async () => {
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  // The worker off: the confirmation mail stays queued, for the queue's figures.
  vigil = await startVigilProcess('server', {
    PORT: String(port),
    APP_URL: url,
    VIGIL_WORKER: 'off',
    VIGIL_METRICS_TOKEN: TOKEN,
    VIGIL_LOG_LEVEL: 'info',
    // As npm start runs it (React Router warns of unmatched URLs outside production).
    NODE_ENV: 'production',
  })
}, 120_000)

afterAll(async () => {
  expect(await vigil?.stop()).toBe(0)
})

async function scrape(headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/metrics`, { headers })
}

/** The value of one sample (`name{labels} value`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

function logLines(): Record<string, unknown>[] {
  return vigil
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

describe('/metrics', () => {
  it('counts a signature, shows the queued confirmation, and times the route', async () => {
    const before = await (await scrape()).text()
    const received = (t: string) =>
      sample(t, 'vigil_signatures_received_total{outcome="created"}') ?? 0
    const queued = (t: string) => sample(t, 'vigil_queue_rows{kind="outbound_emails"}') ?? 0

    const { petition } = await makePetition()
    const res = await postForm(`${url}/petitions/${petition.slug}`, validSignature())
    expect(res.status).toBe(303)

    const scraped = await scrape()
    expect(scraped.status).toBe(200)
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const after = await scraped.text()
    expect(received(after)).toBe(received(before) + 1)
    expect(queued(after)).toBe(queued(before) + 1)
    expect(sample(after, 'vigil_queue_oldest_due_seconds{kind="outbound_emails"}')).toBeGreaterThan(
      0,
    )
    expect(sample(after, 'vigil_database_up')).toBe(1)
    expect(after).toMatch(
      /^vigil_http_request_duration_seconds_count\{route="routes\/petitions\.\$slug",method="POST",status="303"\} 1$/m,
    )
    expect(after).toContain('# TYPE vigil_mail_sent_total counter')
  })

  it('answers only this machine without forwarding headers, or the bearer token', async () => {
    const proxied = { 'x-forwarded-for': '203.0.113.9' }
    const refused = await scrape(proxied)
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(await refused.text()).not.toContain('vigil_')
    expect(
      (await scrape({ ...proxied, authorization: 'Bearer wrong-token-0123456789' })).status,
    ).toBe(401)
    const allowed = await scrape({ ...proxied, authorization: `Bearer ${TOKEN}` })
    expect(allowed.status).toBe(200)
    expect(await allowed.text()).toContain('vigil_signatures_received_total')
  })
})

describe('the log', () => {
  it('is one JSON line per request with its id, and holds no personal data', async () => {
    const { petition } = await makePetition()
    const signer = validSignature({ name: 'Rosalind Quillfeather' })
    const res = await postForm(`${url}/petitions/${petition.slug}`, signer, {
      'x-request-id': 'trace-4711',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('x-request-id')).toBe('trace-4711')
    const missing = await fetch(`${url}/no-such-page-here`)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    await missing.text()

    const byId = (id: string | null) =>
      eventually(async () => logLines().find((l) => (l.req as { id?: string })?.id === id))
    const signed = await byId('trace-4711')
    expect(signed).toMatchObject({
      req: { method: 'POST', route: 'routes/petitions.$slug' },
      res: { statusCode: 303 },
    })
    const notFound = await byId(missing.headers.get('x-request-id'))
    expect(notFound).toMatchObject({ req: { route: 'unmatched' }, res: { statusCode: 404 } })
    // A static file is named by the URL it was asked for, not the part its handler saw.
    const page = await (await fetch(`${url}/petitions/${petition.slug}`)).text()
    const stylesheet = /href="(\/build\/[^"]+\.css)"/.exec(page)![1]!
    const asset = await fetch(`${url}${stylesheet}`)
    expect(asset.status).toBe(200)
    await asset.text()
    expect(await byId(asset.headers.get('x-request-id'))).toMatchObject({
      req: { method: 'GET', route: 'static' },
      res: { statusCode: 200 },
    })
    // No email, name, client address or token; no stack for a 404.
    const all = vigil.output()
    expect(all).not.toContain(signer.email!)
    expect(all).not.toContain('Quillfeather')
    expect(all).not.toContain('127.0.0.1"')
    expect(all).not.toContain('no-such-page-here')
    expect(all).not.toMatch(/\n\s+at |"stack"/)
  })
})

describe('npm run worker with PORT', () => {
  it('shows its own mail counters on /metrics, and /healthz', async () => {
    const smtp = await startSmtpSink()
    const port = await freePort()
    const worker = await startVigilProcess('worker', {
      PORT: String(port),
      APP_URL: url,
      SMTP_URL: smtp.url,
      NODE_ENV: 'production',
    })
    try {
      // The confirmations the web queued above (its worker is off) go out now.
      await smtp.waitFor(2, 30_000)
      const workerUrl = `http://127.0.0.1:${port}`
      const sent = await eventually(async () => {
        const text = await (await fetch(`${workerUrl}/metrics`)).text()
        const n = sample(text, 'vigil_mail_sent_total{kind="outbound_emails"}') ?? 0
        return n >= 2 ? n : undefined
      })
      expect(sent).toBe(smtp.messages.length)
      expect((await fetch(`${workerUrl}/healthz`)).status).toBe(200)
      expect(
        (await fetch(`${workerUrl}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } }))
          .status,
      ).toBe(403) // no token set for this one: only this machine
      expect((await fetch(`${workerUrl}/petitions`)).status).toBe(404)
    } finally {
      expect(await worker.stop()).toBe(0)
      await smtp.close()
    }
  }, 120_000)
})
