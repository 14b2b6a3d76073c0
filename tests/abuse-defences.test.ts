/**
 * Audit finding 5 and the abuse defences (decision 026): a flood from one
 * address or one domain is answered like anyone, held, sent no mail and
 * left out of the count; releasing it sends the confirmations, and what is
 * confirmed then counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDueMail } from '../app/mail/senders/transactional-sender.server'
import { rollupCounts } from '../app/models/count.server'
import { release } from '../app/services/moderation.server'
import { db } from '../app/utils/db.server'
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

async function mailTo(pattern: string): Promise<number> {
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from dev_mailbox where to_address like ${pattern}`
  return row!.n
}

async function statusCounts(petitionId: string) {
  const rows = await db()<{ status: string; n: number }[]>`
    select status, count(*)::int as n from signatures where petition_id = ${petitionId}
    group by status order by status`
  return Object.fromEntries(rows.map((r) => [r.status, r.n]))
}

/**
 * Posts `n` signatures, CONCURRENCY at a time, and returns each answer's
 * status. The limits are counted inside each signature's one statement, so
 * signatures in flight at the same instant may pass a limit by up to
 * CONCURRENCY - 1 (decision 026): a bound, not an exact number.
 */
const CONCURRENCY = 20

async function flood(
  path: string,
  n: number,
  make: (i: number) => { fields: Record<string, string>; ip: string },
) {
  const statuses: number[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < n; i = next++) {
        const { fields, ip } = make(i)
        const res = await postForm(`${server.url}${path}`, fields, {
          'x-forwarded-for': ip,
        })
        statuses.push(res.status)
        expect(res.headers.get('location')).toMatch(/\/thanks$/)
      }
    }),
  )
  return statuses
}

describe('a flood from one client', () => {
  it('is answered like anyone, mails only the first 20, holds the rest, and counts nothing held', async () => {
    const { petition, organization } = await makePetition()
    const started = Date.now()
    const statuses = await flood(`/petitions/${petition.slug}`, 200, (i) => ({
      fields: validSignature({ email: `victim${i}@mailbomb.example` }),
      ip: '203.0.113.66',
    }))
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(new Set(statuses)).toEqual(new Set([303]))
    const { held, pending } = await statusCounts(petition.id)
    expect(pending).toBeGreaterThanOrEqual(20)
    expect(pending).toBeLessThan(20 + CONCURRENCY)
    expect(held).toBe(200 - pending!)
    await sendDueMail()
    expect(await mailTo('victim%@mailbomb.example')).toBe(pending)

    // Releasing sends each its confirmation; what is then confirmed counts.
    const released = await release({ organizationId: organization.id, petitionId: petition.id })
    expect(released).toMatchObject({ affected: held, confirmed: 0, mailed: held })
    await sendDueMail()
    expect(await mailTo('victim%@mailbomb.example')).toBe(200)
    const [mail] = await db()<{ html: string }[]>`
      select d.html from dev_mailbox d
      join signatures s on s.email = d.to_address and s.petition_id = ${petition.id}
      join moderation_action_signatures m on m.signature_id = s.id
      limit 1`
    const link = /href="(http[^"]+\/confirm\/[\w-]+)"/.exec(mail!.html)![1]!
    expect((await postForm(link, {})).status).toBeLessThan(400)
    await rollupCounts()
    const [row] = await db()<{ n: number }[]>`
      select signature_count as n from petitions where id = ${petition.id}`
    expect(row!.n).toBe(1)
  })
})

describe('a flood from one domain', () => {
  it('from many addresses is held past VIGIL_SIGN_LIMIT_PER_DOMAIN, with no mail', async () => {
    const { petition } = await makePetition()
    const statuses = await flood(`/petitions/${petition.slug}`, 230, (i) => ({
      fields: validSignature({ email: `member${i}@bots.example` }),
      ip: `198.51.${Math.floor(i / 200)}.${(i % 200) + 1}`,
    }))
    expect(new Set(statuses)).toEqual(new Set([303]))
    const { held, pending } = await statusCounts(petition.id)
    expect(pending).toBeGreaterThanOrEqual(200)
    expect(pending).toBeLessThan(200 + CONCURRENCY)
    expect(held).toBe(230 - pending!)
    await sendDueMail()
    expect(await mailTo('member%@bots.example')).toBe(pending)
  })
})

describe('the block and allow lists, and one-click hold and release', () => {
  async function organizerOf(organizationName: string) {
    const { user } = await makeOrganizer({ organizationName })
    return signInCookie(server.url, { email: user.email })
  }

  it('blocks a range and a domain, allows a shared address past its limit, from the dashboard', async () => {
    const { petition, organization } = await makePetition({ organizationName: 'Lists HTTP Org' })
    const cookie = await organizerOf(organization.name)
    const page = `${server.url}/dashboard/abuse`
    for (const entry of [
      { kind: 'block', value: '192.0.2.0/24', note: 'flood on Monday' },
      { kind: 'block', value: '@Spam.Example', note: '' },
      { kind: 'allow', value: '198.51.100.77', note: 'St. Mary’s Wi-Fi' },
    ]) {
      const res = await postForm(page, { intent: 'add', ...entry }, { cookie })
      expect(res.status).toBe(303)
    }
    const html = await (await fetch(page, { headers: { cookie } })).text()
    for (const shown of ['192.0.2.0/24', 'spam.example', '198.51.100.77', 'St. Mary’s Wi-Fi'])
      expect(html).toContain(shown)
    // Refused, with the message beside the field: nonsense, a duplicate, a public provider.
    for (const [entry, message] of [
      [{ kind: 'block', value: 'not an address' }, 'Enter an IP address'],
      [{ kind: 'block', value: '192.0.2.0/24' }, 'on the list already'],
      [{ kind: 'block', value: 'gmail.com' }, 'public mail provider'],
      [{ kind: 'maybe', value: '192.0.2.1' }, 'Choose block or allow'],
    ] as const) {
      const res = await postForm(page, { intent: 'add', ...entry }, { cookie })
      expect(res.status).toBe(400)
      expect(await res.text()).toContain(message)
    }

    const path = `/petitions/${petition.slug}`
    const sign = (email: string, ip: string) =>
      postForm(`${server.url}${path}`, validSignature({ email }), { 'x-forwarded-for': ip })
    expect((await sign('one@example.org', '192.0.2.200')).status).toBe(303)
    expect((await sign('two@spam.example', '203.0.113.200')).status).toBe(303)
    for (let i = 0; i < 25; i++)
      expect((await sign(`parish${i}@example.org`, '198.51.100.77')).status).toBe(303)
    const held = await db()<{ email: string; holdReason: string }[]>`
      select email, hold_reason from signatures
      where petition_id = ${petition.id} and status = 'held' order by email`
    expect(held).toEqual([
      { email: 'one@example.org', holdReason: 'blocked' },
      { email: 'two@spam.example', holdReason: 'blocked' },
    ])

    // Another organization cannot remove them.
    const [rule] = await db()<{ id: string }[]>`
      select id from abuse_rules where organization_id = ${organization.id} limit 1`
    const stranger = await organizerOf('Other Lists HTTP Org')
    const removal = await postForm(page, { intent: 'remove', id: rule!.id }, { cookie: stranger })
    expect(removal.status).toBe(404)
    expect((await postForm(page, { intent: 'remove', id: rule!.id }, { cookie })).status).toBe(303)
  })

  it('shows who signs unusually often on the petition page, with one-click hold and release', async () => {
    const { petition, organization } = await makePetition({ organizationName: 'One Click Org' })
    const cookie = await organizerOf(organization.name)
    for (let i = 0; i < 8; i++) {
      const res = await postForm(
        `${server.url}/petitions/${petition.slug}`,
        validSignature({ email: `often${i}@example.org` }),
        { 'x-forwarded-for': '203.0.113.88' },
      )
      expect(res.status).toBe(303)
    }
    const page = `${server.url}/dashboard/petitions/${petition.id}`
    const html = await (await fetch(page, { headers: { cookie } })).text()
    expect(html).toContain('Signing unusually often')
    expect(html).toContain('203.0.113.88')
    expect(html).toContain('aria-label="Hold 203.0.113.88"')

    const held = await postForm(page, { intent: 'hold-source', source: '203.0.113.88' }, { cookie })
    expect(held.status).toBe(303)
    expect(held.headers.get('location')).toContain('done=held')
    expect(await statusCounts(petition.id)).toEqual({ held: 8 })
    const [queued] = await db()<{ n: number }[]>`
      select count(*)::int as n from outbound_emails e join signatures s
        on s.id::text = e.props ->> 'signatureId'
      where s.petition_id = ${petition.id} and e.status = 'queued'`
    expect(queued!.n).toBe(0)

    const released = await postForm(
      page,
      { intent: 'release-source', source: '203.0.113.88' },
      { cookie },
    )
    expect(released.headers.get('location')).toContain('done=released')
    expect(await statusCounts(petition.id)).toEqual({ pending: 8 })
    const [mailed] = await db()<{ n: number }[]>`
      select count(*)::int as n from outbound_emails e join signatures s
        on s.id::text = e.props ->> 'signatureId'
      where s.petition_id = ${petition.id} and e.status = 'queued'`
    expect(mailed!.n).toBe(8)
    const bad = await postForm(page, { intent: 'hold-source', source: 'x; drop' }, { cookie })
    expect(bad.status).toBe(400)
  })
})
