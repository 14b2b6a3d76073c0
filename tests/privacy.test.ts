/**
 * One person's data, through the dashboard (/dashboard/privacy, admins
 * only) and the API (POST /api/v1/supporters/export|erase): the export is
 * everything the organization holds and nothing another organization
 * holds; the erasure deletes it, the count drops by the counted signatures,
 * another organization's signature of the same person stays, and the audit
 * log says who did it without naming the address. The privacy notice is
 * shown beside the sign form, the default until the organization writes
 * its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '../app/models/api-token.server'
import { repairCount } from '../app/models/count.server'
import { anonymiseClosedSignatures } from '../app/models/retention.server'
import { db } from '../app/utils/db.server'
import { boss, QUEUES } from '../app/utils/jobs.server'
import { callApi } from './helpers/api'
import { makePetition, validSignature } from './helpers/fixtures'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { eventually, postForm, startTestServer, type TestServer } from './helpers/server'
import { seedSignatures } from './helpers/signatures'

let server: TestServer
let adminCookie: string
let organizerCookie: string
let adminToken: string
let organizerToken: string
const ORG = 'Privacy Org'
const OTHER_ORG = 'Elsewhere Org'

let first: Awaited<ReturnType<typeof makePetition>>
let second: Awaited<ReturnType<typeof makePetition>>
let elsewhere: Awaited<ReturnType<typeof makePetition>>

/** HTML text back to what it says. */
const decode = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

const clean = (html: string) => html.replace(/<!-- -->/g, '').replace(/&#x27;|&#39;/g, "'")

function get(path: string, cookie: string) {
  return fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' })
}

function post(path: string, fields: Record<string, string>, cookie: string) {
  return postForm(`${server.url}${path}`, fields, { cookie })
}

async function shownCount(petitionId: string): Promise<number> {
  const [row] = await db()<{ n: number }[]>`
    select signature_count as n from petitions where id = ${petitionId}`
  return row!.n
}

/** A person who signed two of this organization's petitions (and one elsewhere). */
async function person(email: string, name = 'Pat Person') {
  const ctx = (f: typeof first) => ({
    petitionId: f.petition.id,
    organizationId: f.organization.id,
  })
  await seedSignatures(ctx(first), [
    { email, name, comment: 'Pat wrote this comment', letter: 'Dear Governor, Pat here.' },
  ])
  await seedSignatures(ctx(second), [{ email, name, status: 'pending', ip: '198.51.100.4' }])
  await seedSignatures(ctx(elsewhere), [{ email, name }])
  await db()`
    insert into calls (petition_id, official_id, outcome, email, ip)
    values (${first.petition.id}, ${first.governor.id}, 'talked', ${email}, '198.51.100.4')`
}

beforeAll(async () => {
  process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
  server = await startTestServer()
  const admin = await makeOrganizer({ organizationName: ORG, role: 'admin', name: 'Ada Admin' })
  const organizer = await makeOrganizer({ organizationName: ORG, role: 'organizer' })
  adminCookie = await signInCookie(server.url, { email: admin.user.email })
  organizerCookie = await signInCookie(server.url, { email: organizer.user.email })
  const orgId = admin.organization.id
  adminToken = (await createApiToken({ userId: admin.user.id, organizationId: orgId, name: 't' }))
    .token
  organizerToken = (
    await createApiToken({ userId: organizer.user.id, organizationId: orgId, name: 't' })
  ).token
  first = await makePetition({ organizationName: ORG })
  second = await makePetition({ organizationName: ORG })
  elsewhere = await makePetition({ organizationName: OTHER_ORG })
  // Someone else signed too: they stay whatever happens to Pat.
  await seedSignatures({ petitionId: first.petition.id, organizationId: first.organization.id }, [
    { name: 'Other Signer' },
  ])
})

afterAll(async () => {
  await server?.close()
})

describe('the privacy page', () => {
  it('is for admins only', async () => {
    expect((await get('/dashboard/privacy', organizerCookie)).status).toBe(403)
    const res = await post(
      '/dashboard/privacy',
      { intent: 'erase', email: 'x@example.org', confirm: 'on' },
      organizerCookie,
    )
    expect(res.status).toBe(403)
    const nav = clean(await (await get('/dashboard', organizerCookie)).text())
    expect(nav).not.toContain('/dashboard/privacy')
    expect(clean(await (await get('/dashboard', adminCookie)).text())).toContain(
      '/dashboard/privacy',
    )
  })

  it('exports what this organization holds about the address, and nothing of another', async () => {
    const email = `pat.export.${Date.now()}@example.org`
    await person(email)
    // Typed differently: the canonical address finds the same person.
    const res = await post(
      '/dashboard/privacy',
      { intent: 'export', email: ` ${email.toUpperCase()} ` },
      adminCookie,
    )
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('download="vigil-supporter-')
    const body = JSON.parse(decode(/<pre id="export-json"[^>]*>([\s\S]*?)<\/pre>/.exec(html)![1]!))
    expect(body.signatures.map((s: { petition_id: string }) => s.petition_id).sort()).toEqual(
      [first.petition.id, second.petition.id].sort(),
    )
    expect(body.signatures.find((s: { comment: string }) => s.comment)).toMatchObject({
      name: 'Pat Person',
      email,
      comment: 'Pat wrote this comment',
      letter: 'Dear Governor, Pat here.',
      status: 'confirmed',
    })
    expect(body.supporters).toHaveLength(1)
    expect(body.calls).toHaveLength(1)
    expect(JSON.stringify(body)).not.toContain(elsewhere.petition.id)
  })

  it('refuses a bad address with the form again, the message beside the field', async () => {
    const res = await post(
      '/dashboard/privacy',
      { intent: 'export', email: 'not an address' },
      adminCookie,
    )
    expect(res.status).toBe(400)
    const html = clean(await res.text())
    expect(html).toContain('Enter a valid email address')
    expect(html).toContain('value="not an address"')
  })

  it('erases the address: signatures leave the count, another organization keeps its own', async () => {
    const email = `pat.erase.${Date.now()}@example.org`
    await person(email)
    // A real signature through the sign form: its confirmation mail is held too.
    const signed = await postForm(
      `${server.url}/petitions/${elsewhere.petition.slug}`,
      validSignature({ email: `x.${email}` }),
    )
    expect(signed.status).toBe(303)
    const realEmail = `real.${email}`
    expect(
      (
        await postForm(
          `${server.url}/petitions/${first.petition.slug}`,
          validSignature({ email: realEmail }),
        )
      ).status,
    ).toBe(303)
    await eventually(async () => {
      const [row] = await db()<{ n: number }[]>`
        select count(*)::int as n from dev_mailbox where ${realEmail} = any(recipients)`
      return row!.n > 0 ? true : undefined
    })
    const before = await repairCount({ petitionId: first.petition.id })

    const unconfirmed = await post('/dashboard/privacy', { intent: 'erase', email }, adminCookie)
    expect(unconfirmed.status).toBe(400)
    expect(clean(await unconfirmed.text())).toContain('Tick the box to confirm')
    expect(await repairCount({ petitionId: first.petition.id })).toBe(before)

    const res = await post(
      '/dashboard/privacy',
      { intent: 'erase', email, confirm: 'on' },
      adminCookie,
    )
    expect(res.status).toBe(200)
    const html = clean(await res.text())
    expect(html).toContain(`Erased: ${email}`)
    expect(html).toContain('2 signatures deleted')
    expect(html).toContain('1 of them counted')

    // The count shown drops by the one counted signature (the roll-up is woken).
    await eventually(async () =>
      (await shownCount(first.petition.id)) === before - 1 ? true : undefined,
    )
    expect(await repairCount({ petitionId: first.petition.id })).toBe(before - 1)
    const [left] = await db()<{ here: number; there: number; supporters: number; calls: number }[]>`
      select
        (select count(*)::int from signatures s join petitions p on p.id = s.petition_id
          where s.email = ${email} and p.organization_id = ${first.organization.id}) as here,
        (select count(*)::int from signatures where email = ${email}
          and petition_id = ${elsewhere.petition.id}) as there,
        (select count(*)::int from supporters where email = ${email}
          and organization_id = ${first.organization.id}) as supporters,
        (select count(*)::int from calls where email = ${email}) as calls`
    expect(left).toEqual({ here: 0, there: 1, supporters: 0, calls: 0 })
    // The call still counts, without who made it.
    const [call] = await db()<{ n: number }[]>`
      select count(*)::int as n from calls where petition_id = ${first.petition.id} and email is null`
    expect(call!.n).toBeGreaterThanOrEqual(1)

    // The real signer, erased too: their confirmation mail and its dev-mailbox copy go.
    const real = await post(
      '/dashboard/privacy',
      { intent: 'erase', email: realEmail, confirm: 'on' },
      adminCookie,
    )
    expect(real.status).toBe(200)
    const [mail] = await db()<{ outbound: number; mailbox: number }[]>`
      select
        (select count(*)::int from outbound_emails where to_address = ${realEmail}) as outbound,
        (select count(*)::int from dev_mailbox where ${realEmail} = any(recipients)) as mailbox`
    expect(mail).toEqual({ outbound: 0, mailbox: 0 })
  })

  it('writes the export and the erasure to the audit log, without the address', async () => {
    const rows = await db()<
      { action: string; actorLabel: string; summary: string; details: unknown }[]
    >`
      select action, actor_label, summary, details from audit_log
      where organization_id = ${first.organization.id} and action like 'supporter.%'
      order by id`
    expect(rows.map((r) => r.action)).toEqual([
      'supporter.exported',
      'supporter.erased',
      'supporter.erased',
    ])
    expect(rows[0]!.actorLabel).toMatch(/^Ada Admin </)
    expect(JSON.stringify(rows)).not.toMatch(/pat\./)
  })
})

describe('the privacy notice', () => {
  it("shows Vigil's default beside the sign form, then the organization's own", async () => {
    const page = clean(await (await fetch(`${server.url}/petitions/${first.petition.slug}`)).text())
    expect(page).toContain('Your data')
    expect(page).toContain(`<strong>${ORG}</strong> keeps your name, email address`)

    const tooLong = await post(
      '/dashboard/privacy',
      { intent: 'notice', privacy_notice: 'x'.repeat(5001) },
      adminCookie,
    )
    expect(tooLong.status).toBe(400)
    expect(clean(await tooLong.text())).toContain('Use at most 5000 characters')

    const saved = await post(
      '/dashboard/privacy',
      { intent: 'notice', privacy_notice: '{organization} keeps your data for **one year**.' },
      adminCookie,
    )
    expect(saved.status).toBe(303)
    await eventually(async () => {
      const html = clean(
        await (await fetch(`${server.url}/petitions/${first.petition.slug}`)).text(),
      )
      return html.includes(`${ORG} keeps your data for <strong>one year</strong>.`)
        ? html
        : undefined
    })
    // The embed's sign form, on another organization's site, carries it too.
    const embed = clean(
      await (await fetch(`${server.url}/embed/petitions/${first.petition.slug}`)).text(),
    )
    expect(embed).toContain(`${ORG} keeps your data for <strong>one year</strong>.`)
    const [audit] = await db()<{ n: number }[]>`
      select count(*)::int as n from audit_log
      where organization_id = ${first.organization.id} and action = 'settings.privacy_notice'`
    expect(audit!.n).toBe(1)
  })
})

const api = (path: string, body: unknown, token: string) =>
  callApi(server.url, 'POST', `/api/v1/supporters/${path}`, { token, body })

describe('the API', () => {
  it("is for admins' tokens, validates the body, exports and erases", async () => {
    const email = `pat.api.${Date.now()}@example.org`
    await person(email, 'Api Person')
    expect((await api('export', { email }, organizerToken)).status).toBe(403)
    const bad = await api('export', { email: 'nope' }, adminToken)
    expect(bad.status).toBe(422)
    expect(Object.keys(bad.body.error.fields)).toEqual(['email'])
    expect((await api('erase', '{not json', adminToken)).status).toBe(400)

    const exported = await api('export', { email }, adminToken)
    expect(exported.status).toBe(200)
    expect(exported.body.signatures).toHaveLength(2)
    expect(exported.body.signatures[0].name).toBe('Api Person')

    const erased = await api('erase', { email }, adminToken)
    expect(erased.status).toBe(200)
    expect(erased.body.erased).toMatchObject({
      signatures: 2,
      counted_signatures: 1,
      supporters: 1,
    })
    const again = await api('export', { email }, adminToken)
    expect(again.body.signatures).toEqual([])
    expect(again.body.supporters).toEqual([])
  })
})

describe('anonymisation by the worker', () => {
  it('takes the names and emails of a petition closed 200 days ago; the dashboard keeps its count', async () => {
    const old = await makePetition({ organizationName: ORG })
    const email = `anon.${Date.now()}@example.org`
    await seedSignatures({ petitionId: old.petition.id, organizationId: old.organization.id }, [
      { email, name: 'Anna Nonymous', comment: 'Anna from Elm Street' },
      { name: 'Second Signer' },
    ])
    await db()`update supporters set updated_at = now() - interval '300 days' where email = ${email}`
    await db()`
      update petitions set status = 'closed', closed_at = now() - interval '200 days'
      where id = ${old.petition.id}`
    const count = await repairCount({ petitionId: old.petition.id })
    const page = `/dashboard/petitions/${old.petition.id}/signatures?status=all`
    expect(clean(await (await get(page, adminCookie)).text())).toContain('Anna Nonymous')

    // The daily job, woken now rather than at 03:41.
    await (await boss()).send(QUEUES.privacyRetention, {})
    await eventually(
      async () => {
        const [row] = await db()<{ n: number }[]>`
          select count(*)::int as n from signatures
          where petition_id = ${old.petition.id} and anonymised_at is null`
        return row!.n === 0 ? true : undefined
      },
      { timeoutMs: 60_000 },
    )
    const html = clean(await (await get(page, adminCookie)).text())
    expect(html).not.toContain('Anna Nonymous')
    expect(html).not.toContain(email)
    expect(html).not.toContain('Elm Street')
    expect(await shownCount(old.petition.id)).toBe(count)
    expect(await repairCount({ petitionId: old.petition.id })).toBe(count)
    const exported = await api('export', { email }, adminToken)
    expect(exported.body).toMatchObject({ supporters: [], signatures: [] })
  })

  it('sweeps in batches until none is left: five signers, two at a time', async () => {
    const old = await makePetition({ organizationName: ORG })
    await seedSignatures(
      { petitionId: old.petition.id, organizationId: old.organization.id },
      Array.from({ length: 5 }, (_, i) => ({ name: `Batch Signer ${i}` })),
    )
    await db()`
      update petitions set status = 'lost', closed_at = now() - interval '200 days'
      where id = ${old.petition.id}`
    expect(await anonymiseClosedSignatures({ afterDays: 30, batch: 2 })).toBeGreaterThanOrEqual(5)
    const left = await db()<{ name: string }[]>`
      select name from signatures where petition_id = ${old.petition.id} and name <> ''`
    expect(left).toEqual([])
  })
})
