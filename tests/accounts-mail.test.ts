/**
 * The account flows that go through mail, end to end: the real server and
 * worker send to a real SMTP server, and the test follows the link in the
 * message as a person would.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { cookieFrom, makeOrganizer, signInCookie } from './helpers/organizers'
import { postForm, startTestServer, type TestServer } from './helpers/server'
import { recipient, rawHeader, startSmtpSink, type SmtpSink } from './helpers/smtp'

let smtp: SmtpSink
let server: TestServer

beforeAll(async () => {
  process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
  smtp = await startSmtpSink()
  server = await startTestServer({ smtpUrl: smtp.url })
})

afterAll(async () => {
  await server?.close()
  await smtp?.close()
})

function linkIn(text: string | undefined, path: string): string {
  const match = new RegExp(`(http://\\S+/${path}/[\\w-]+)`).exec(text ?? '')
  if (!match) throw new Error(`No /${path}/ link in:\n${text}`)
  return match[1]!
}

let address = 10
const fromAddress = () => ({ 'x-forwarded-for': `198.51.100.${address++}` })

async function signIn(email: string, password: string): Promise<Response> {
  return postForm(`${server.url}/login`, { email, password }, fromAddress())
}

describe('password reset', () => {
  it('mails a single-use link that sets a new password and ends other sessions', async () => {
    const { user, password } = await makeOrganizer()
    const oldSession = await signInCookie(server.url, { email: user.email }, fromAddress())

    const asked = await postForm(`${server.url}/forgot-password`, { email: user.email })
    expect(asked.status).toBe(303)
    expect(asked.headers.get('location')).toBe('/forgot-password?sent=1')

    const mail = await smtp.waitForMail((m) => recipient(m).includes(user.email))
    expect(mail.subject).toBe('Reset your Vigil password')
    expect(mail.html).toBeTruthy()
    // Mail to an organizer about their account is not list mail.
    expect(rawHeader(mail, 'List-Unsubscribe')).toBeUndefined()
    const link = linkIn(mail.text, 'reset-password')
    expect(mail.html).toContain(link)
    const token = link.split('/').pop()!

    // Only the hash is stored: the token is nowhere in the database as text.
    const [leak] = await db()<{ n: number }[]>`
      select (select count(*) from outbound_emails where props::text like ${`%${token}%`})::int
        + (select count(*) from password_reset_tokens
           where encode(token_hash, 'escape') like ${`%${token}%`})::int as n`
    expect(leak!.n).toBe(0)
    const [stored] = await db()<{ n: number }[]>`
      select count(*)::int as n from password_reset_tokens
      where token_hash = ${crypto.createHash('sha256').update(token).digest()}`
    expect(stored!.n).toBe(1)

    const page = await fetch(link)
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-store')
    expect(await page.text()).toContain('Choose a new password')

    const tooShort = await postForm(link, { password: 'short', confirm: 'short' })
    expect(tooShort.status).toBe(400)
    expect(await tooShort.text()).toContain('Use at least 10 characters.')

    const newPassword = 'a brand new passphrase'
    const set = await postForm(link, { password: newPassword, confirm: newPassword })
    expect(set.status).toBe(303)
    expect(set.headers.get('location')).toBe('/login?reset=done')

    expect((await signIn(user.email, password)).status).toBe(400)
    expect((await signIn(user.email, newPassword)).status).toBe(303)

    // The session from before the change has ended.
    const old = await fetch(`${server.url}/dashboard/team`, {
      headers: { cookie: oldSession },
      redirect: 'manual',
    })
    expect(old.headers.get('location')).toMatch(/^\/login/)

    // The link works once.
    const again = await postForm(link, { password: 'yet another passphrase' })
    expect(again.status).toBe(410)
    expect(await again.text()).toContain('already been used')
    expect((await fetch(link)).status).toBe(410)
    expect((await signIn(user.email, newPassword)).status).toBe(303)
  })

  it('answers an unknown address the same way and sends nothing', async () => {
    const res = await postForm(`${server.url}/forgot-password`, {
      email: 'no-such-organizer@example.org',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/forgot-password?sent=1')
    const [row] = await db()<{ n: number }[]>`
      select count(*)::int as n from outbound_emails
      where to_address = 'no-such-organizer@example.org'`
    expect(row!.n).toBe(0)
  })

  it('refuses an expired link and an invalid one', async () => {
    const bogus = await fetch(`${server.url}/reset-password/not-a-real-token`)
    expect(bogus.status).toBe(404)
    const { user } = await makeOrganizer()
    await postForm(`${server.url}/forgot-password`, { email: user.email })
    const mail = await smtp.waitForMail((m) => recipient(m).includes(user.email))
    const link = linkIn(mail.text, 'reset-password')
    await db()`
      update password_reset_tokens set expires_at = now() - interval '1 second'
      where user_id = ${user.id}`
    const res = await postForm(link, { password: 'a brand new passphrase' })
    expect(res.status).toBe(410)
    expect(await res.text()).toContain('expired')
  })

  it('asks again for an invalid email, keeping the input', async () => {
    const res = await postForm(`${server.url}/forgot-password`, { email: 'not-an-email' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Please enter a valid email address')
    expect(html).toContain('value="not-an-email"')
  })
})

describe('invitations', () => {
  it('an admin invites by mail; the invitee sets a name and password and is signed in', async () => {
    const { user: admin, organization } = await makeOrganizer({ organizationName: 'Invite Org' })
    const cookie = await signInCookie(server.url, { email: admin.email }, fromAddress())
    const invitee = `invitee.${Date.now()}@example.org`

    const bad = await postForm(
      `${server.url}/dashboard/team`,
      { intent: 'invite', email: 'nope', role: 'organizer' },
      { cookie },
    )
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('value="nope"')

    const invited = await postForm(
      `${server.url}/dashboard/team`,
      { intent: 'invite', email: invitee, role: 'organizer' },
      { cookie },
    )
    expect(invited.status).toBe(303)
    const team = await fetch(`${server.url}/dashboard/team`, { headers: { cookie } })
    expect(await team.text()).toContain(invitee)

    const mail = await smtp.waitForMail((m) => recipient(m).includes(invitee))
    expect(mail.subject).toBe('Join Invite Org on Vigil')
    const link = linkIn(mail.text, 'invitations')

    const page = await fetch(link)
    expect(page.status).toBe(200)
    expect(await page.text()).toMatch(/Join (<!-- -->)?Invite Org/)

    const missing = await postForm(link, { name: '', password: 'short' })
    expect(missing.status).toBe(400)
    const missingHtml = await missing.text()
    expect(missingHtml).toContain('Please enter your name.')
    expect(missingHtml).toContain('Use at least 10 characters.')

    const accepted = await postForm(link, { name: 'Ida Invitee', password: 'invitee passphrase' })
    expect(accepted.status).toBe(303)
    expect(accepted.headers.get('location')).toBe('/dashboard')
    const inviteeCookie = cookieFrom(accepted)
    const members = await fetch(`${server.url}/dashboard/team`, {
      headers: { cookie: inviteeCookie },
    })
    expect(members.status).toBe(200)
    const html = await members.text()
    expect(html).toContain('Ida Invitee')
    expect(html).toContain(admin.email)

    const [membership] = await db()<{ role: string }[]>`
      select m.role from memberships m join users u on u.id = m.user_id
      where u.email_canonical = ${invitee} and m.organization_id = ${organization.id}`
    expect(membership!.role).toBe('organizer')

    // Used once; afterwards the new organizer signs in normally.
    expect((await postForm(link, { name: 'Someone', password: 'another passphrase' })).status).toBe(
      410,
    )
    expect((await signIn(invitee, 'invitee passphrase')).status).toBe(303)
  })

  it('lets an existing account join a second organization with its password, then switch', async () => {
    const { user, organization: first } = await makeOrganizer({ organizationName: 'First Org' })
    const { user: admin, organization: second } = await makeOrganizer({
      organizationName: 'Second Org',
    })
    const adminCookie = await signInCookie(server.url, { email: admin.email }, fromAddress())
    await postForm(
      `${server.url}/dashboard/team`,
      { intent: 'invite', email: user.email, role: 'admin' },
      { cookie: adminCookie },
    )
    const mail = await smtp.waitForMail(
      (m) => recipient(m).includes(user.email) && m.subject === 'Join Second Org on Vigil',
    )
    const link = linkIn(mail.text, 'invitations')
    expect(await (await fetch(link)).text()).toContain('already has a Vigil account')

    const wrong = await postForm(link, { password: 'not my password' }, fromAddress())
    expect(wrong.status).toBe(400)
    const joined = await postForm(link, { password: 'a long test password' }, fromAddress())
    expect(joined.status).toBe(303)
    let cookie = cookieFrom(joined)
    const home = await fetch(`${server.url}/dashboard/tokens`, { headers: { cookie } })
    const html = await home.text()
    expect(html).toContain('Second Org')
    expect(html).toContain('name="organizationId"')

    const switched = await postForm(
      `${server.url}/dashboard`,
      { intent: 'switch-organization', organizationId: first.id },
      { cookie },
    )
    expect(switched.status).toBe(303)
    cookie = cookieFrom(switched)
    const after = await fetch(`${server.url}/dashboard/tokens`, { headers: { cookie } })
    expect(await after.text()).toMatch(/<strong>First Org<\/strong>/)

    // Not a member: refused, the session unchanged.
    const { organization: foreign } = await makeOrganizer({ organizationName: 'Foreign Org' })
    const refused = await postForm(
      `${server.url}/dashboard`,
      { intent: 'switch-organization', organizationId: foreign.id },
      { cookie },
    )
    expect(refused.status).toBe(404)
    expect(second.id).not.toBe(first.id)
  })

  it('withdraws a pending invitation, whose link then no longer works', async () => {
    const { user: admin, organization } = await makeOrganizer({ organizationName: 'Withdraw Org' })
    const cookie = await signInCookie(server.url, { email: admin.email }, fromAddress())
    const invitee = `withdrawn.${Date.now()}@example.org`
    await postForm(
      `${server.url}/dashboard/team`,
      { intent: 'invite', email: invitee, role: 'organizer' },
      { cookie },
    )
    const mail = await smtp.waitForMail((m) => recipient(m).includes(invitee))
    const link = linkIn(mail.text, 'invitations')
    const [invitation] = await db()<{ id: string }[]>`
      select id from invitations where organization_id = ${organization.id} and email = ${invitee}`
    const res = await postForm(
      `${server.url}/dashboard/team`,
      { intent: 'revoke-invitation', id: invitation!.id },
      { cookie },
    )
    expect(res.status).toBe(303)
    expect((await fetch(link)).status).toBe(404)
  })
})
