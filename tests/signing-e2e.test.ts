/**
 * A person signs over HTTP with JavaScript off, receives the confirmation in
 * a real SMTP server, opens the link, presses the button, and sees the count
 * rise — against the real server and worker, as `npm start` runs them.
 */
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { makePetition, validSignature } from './helpers/fixtures'
import { rawHeader, recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'
import { eventually, postForm, startTestServer, type TestServer } from './helpers/server'

let smtp: SmtpSink
let server: TestServer

beforeAll(async () => {
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

async function apiCount(petitionId: string): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/petitions/${petitionId}`)
  return ((await res.json()) as { total_signatures: number }).total_signatures
}

function confirmLink(text: string): string {
  const match = /(http:\/\/\S+\/confirm\/[\w-]+)/.exec(text)
  if (!match) throw new Error(`No confirmation link in:\n${text}`)
  return match[1]!
}

describe('signing end to end', () => {
  it('signs, mails a confirmation, confirms by button, and counts', async () => {
    const { petition } = await makePetition()
    const before = await apiCount(petition.id)
    const email = `Pat.Doe+${Date.now()}@Example.org`
    const res = await postForm(`${server.url}/petitions/${petition.slug}`, {
      ...validSignature({ email, name: 'Pat Doe' }),
      public: 'on',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/petitions/${petition.slug}/thanks`)

    const thanks = await fetch(`${server.url}/petitions/${petition.slug}/thanks`)
    expect(await thanks.text()).toContain('check your email')

    const mail = await smtp.waitForMail((m) => recipient(m).includes(email.split('@')[0]!))
    // To the address as typed (the local part kept; domains are case-blind), with the
    // unsubscribe headers every supporter mail carries.
    expect(recipient(mail)).toContain(email.split('@')[0]!)
    expect(rawHeader(mail, 'List-Unsubscribe')).toMatch(
      /<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[\w-]+>/,
    )
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')
    expect(mail.html).toBeTruthy()
    const link = confirmLink(mail.text ?? '')
    expect(link.startsWith(server.url)).toBe(true)
    expect(mail.html).toContain(link)

    // Opening the link (as a mail scanner would) confirms nothing.
    const page = await fetch(link)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Confirm my signature')
    await new Promise((r) => setTimeout(r, 1500))
    expect(await apiCount(petition.id)).toBe(before)

    const confirmed = await postForm(link, { intent: 'confirm' }, { origin: server.url })
    expect(confirmed.status).toBe(200)
    expect(await confirmed.text()).toContain('Your signature is confirmed')

    // Current within 5 seconds, on the API and on the page.
    await eventually(
      async () => ((await apiCount(petition.id)) === before + 1 ? true : undefined),
      {
        timeoutMs: 5_000,
      },
    )
    const html = await (await fetch(`${server.url}/petitions/${petition.slug}`)).text()
    // "1 signature", "2 signatures" (app/locales/en.json).
    expect(html).toMatch(new RegExp(`<strong>${before + 1}</strong> signatures?`))
    // The public signer shows as first name and last initial, never the email.
    expect(html).toContain('Pat D.')
    expect(html).not.toContain(email)

    // Pressing again is harmless.
    const again = await postForm(link, { intent: 'confirm' })
    expect(again.status).toBe(200)
    await new Promise((r) => setTimeout(r, 1500))
    expect(await apiCount(petition.id)).toBe(before + 1)
  })

  it('answers a repeat signature exactly like the first and stores nothing', async () => {
    const { petition } = await makePetition()
    const fields = validSignature({ email: 'twice@example.org' })
    const first = await postForm(`${server.url}/petitions/${petition.slug}`, fields)
    const second = await postForm(`${server.url}/petitions/${petition.slug}`, {
      ...fields,
      email: 'TWICE+again@example.org',
    })
    expect([first.status, second.status]).toEqual([303, 303])
    expect(second.headers.get('location')).toBe(first.headers.get('location'))
    const rows = await db()`select 1 from signatures where petition_id = ${petition.id}`
    expect(rows).toHaveLength(1)
  })

  it('re-renders the form with each error beside its field and the input kept', async () => {
    const { petition } = await makePetition()
    const res = await postForm(`${server.url}/petitions/${petition.slug}`, {
      name: '=HYPERLINK("http://evil.example")',
      email: 'not-an-email',
      postalCode: '1234',
      country: 'US',
      comment: 'x'.repeat(1001),
      locality: 'Austin',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('id="sign-name-error"')
    expect(html).toContain('id="sign-email-error"')
    expect(html).toMatch(/id="sign-postalCode-error"[^>]*>Please enter a valid postal code/)
    expect(html).toContain('id="sign-comment-error"')
    expect(html).toContain('aria-invalid="true"')
    expect(html).toContain('value="not-an-email"')
    expect(html).toContain('value="Austin"')
    expect(await db()`select 1 from signatures where petition_id = ${petition.id}`).toHaveLength(0)
  })

  it('accepts a post with only the contract fields, and unknown extra fields', async () => {
    const { petition } = await makePetition()
    const res = await postForm(`${server.url}/petitions/${petition.slug}`, {
      name: 'Minimal Signer',
      email: 'minimal@example.org',
      postalCode: 'SW1A 1AA',
      country: 'GB',
    })
    expect(res.status).toBe(303)
    const [row] = await db()<{ subscribe: boolean; public: boolean; country: string }[]>`
      select subscribe, public, country from signatures where petition_id = ${petition.id}`
    expect(row).toEqual({ subscribe: false, public: false, country: 'GB' })
  })

  it('answers 409 with a page that says so for a closed or draft petition', async () => {
    for (const status of ['closed', 'draft'] as const) {
      const { petition } = await makePetition({ status })
      const res = await postForm(`${server.url}/petitions/${petition.slug}`, validSignature())
      expect(res.status).toBe(409)
      expect(await res.text()).toMatch(/not open for signatures|not published yet/)
    }
  })

  it('answers a post that carries no form with 400, never a 500', async () => {
    const { petition } = await makePetition()
    for (const path of [`/petitions/${petition.slug}`, '/confirm/some-token', '/login']) {
      const empty = await fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual' })
      expect(empty.status, path).toBe(400)
      const json = await fetch(`${server.url}${path}`, {
        method: 'POST',
        body: JSON.stringify({ name: 'x' }),
        headers: { 'content-type': 'application/json' },
        redirect: 'manual',
      })
      expect(json.status, path).toBe(400)
    }
    expect(await db()`select 1 from signatures where petition_id = ${petition.id}`).toHaveLength(0)
  })

  it('refuses a cross-site form post with a 403 page, not a 500', async () => {
    const { petition } = await makePetition()
    const res = await postForm(`${server.url}/petitions/${petition.slug}`, validSignature(), {
      origin: 'https://evil.example',
    })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('sent from another website')
    expect(await db()`select 1 from signatures where petition_id = ${petition.id}`).toHaveLength(0)
  })

  it('unsubscribes by one-click POST (RFC 8058) and by the page', async () => {
    const { petition } = await makePetition()
    await postForm(
      `${server.url}/petitions/${petition.slug}`,
      validSignature({ email: 'leave@example.org' }),
    )
    const mail = await smtp.waitForMail((m) => recipient(m).includes('leave@example.org'))
    const header = String(rawHeader(mail, 'List-Unsubscribe'))
    const url = /<([^>]+)>/.exec(header)![1]!
    const oneClick = await postForm(url, { 'List-Unsubscribe': 'One-Click' })
    expect(oneClick.status).toBe(200)
    const page = await fetch(url)
    expect(await page.text()).toContain('You are unsubscribed')
  })

  it('answers /healthz with 503 while the database does not answer', async () => {
    const healthy = globalThis.__vigilSql
    // Fault injection: the process's pool pointed at a port where nothing listens.
    globalThis.__vigilSql = postgres('postgres://vigil@127.0.0.1:9/none', { connect_timeout: 1 })
    try {
      const res = await fetch(`${server.url}/healthz`)
      expect(res.status).toBe(503)
      expect(await res.json()).toEqual({ ok: false })
    } finally {
      await globalThis.__vigilSql.end({ timeout: 0 })
      globalThis.__vigilSql = healthy
    }
  })

  it('serves /healthz and the public petition API', async () => {
    const { petition } = await makePetition()
    const health = await fetch(`${server.url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ ok: true })
    const list = (await (await fetch(`${server.url}/api/v1/petitions?per_page=100`)).json()) as {
      total_records: number
      _embedded: { 'osdi:petitions': { id: string; identifiers: string[]; browser_url: string }[] }
    }
    const item = list._embedded['osdi:petitions'].find((p) => p.id === petition.id)!
    expect(item.identifiers).toEqual([`vigil:${petition.id}`])
    expect(item.browser_url).toBe(`${server.url}/petitions/${petition.slug}`)
    const bad = await fetch(`${server.url}/api/v1/petitions?per_page=500`)
    expect(bad.status).toBe(422)
    const missing = await fetch(
      `${server.url}/api/v1/petitions/00000000-0000-0000-0000-000000000000`,
    )
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error: { message: 'No such petition.' } })
  })
})

describe('a sign post answered by its action directly (decision 045)', () => {
  const comparable = (res: Response) =>
    [...res.headers.keys()]
      // Per response (date, nonce, id) or framing (an empty body's length, or chunks).
      .filter(
        (name) =>
          ![
            'date',
            'content-security-policy',
            'x-request-id',
            'content-length',
            'transfer-encoding',
          ].includes(name),
      )
      .sort()

  it('is answered as Remix answers it: the same 303, the form again, a closed petition', async () => {
    const { petition } = await makePetition()
    const page = `${server.url}/petitions/${petition.slug}`
    // A query string sends the same post through Remix's handler.
    const direct = await postForm(page, validSignature())
    const viaRemix = await postForm(`${page}?via=remix`, validSignature())
    expect(direct.status).toBe(303)
    expect(viaRemix.status).toBe(303)
    expect(direct.headers.get('location')).toBe(viaRemix.headers.get('location'))
    expect(comparable(direct)).toEqual(comparable(viaRemix))

    // Anything but success goes to Remix with the same body: the form with its errors, kept.
    const invalid = await postForm(page, { ...validSignature(), email: 'not-an-address' })
    expect(invalid.status).toBe(400)
    const form = await invalid.text()
    expect(form).toContain('value="not-an-address"')
    expect(form).toContain('name="email"')

    // The embed's form too; and a petition closed since is refused with nothing stored.
    const embed = await postForm(`${server.url}/embed/petitions/${petition.slug}`, validSignature())
    expect(embed.status).toBe(303)
    expect(embed.headers.get('location')).toBe(`/embed/petitions/${petition.slug}?signed=1`)
    await db()`update petitions set status = 'closed' where id = ${petition.id}`
    const late = await postForm(page, validSignature({ email: 'late.signer@example.org' }))
    expect(late.status).toBe(409)
    const [stored] = await db()<{ n: number }[]>`
      select count(*)::int as n from signatures
      where petition_id = ${petition.id} and email = 'late.signer@example.org'`
    expect(stored!.n).toBe(0)
  })
})
