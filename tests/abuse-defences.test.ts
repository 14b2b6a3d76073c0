/**
 * Audit finding 5 and the abuse defences (decision 026): a flood from one
 * address or one domain is answered like anyone, held, sent no mail and
 * left out of the count; releasing it sends the confirmations, and what is
 * confirmed then counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDueMail } from '../app/jobs/send-outbound-mail.server'
import { rollupCounts } from '../app/models/count.server'
import { release } from '../app/services/moderation.server'
import { db } from '../app/utils/db.server'
import { makePetition, validSignature } from './helpers/fixtures'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
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
