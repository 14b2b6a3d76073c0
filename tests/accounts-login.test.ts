/**
 * Signing in and out over HTTP against the real server: the session cookie
 * and its flags, throttling of failed sign-ins per account and per address,
 * safe redirects, roles, and the cross-site refusal of cookie-authenticated
 * posts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOGIN_LIMITS } from '../app/models/login-attempt.server'
import { db } from '../app/utils/db.server'
import { resetEnvCache } from '../app/utils/env.server'
import { secureCookies, SESSION_COOKIE, sessionStorage } from '../app/utils/session.server'
import { cookieFrom, makeOrganizer, signInCookie, TEST_PASSWORD } from './helpers/organizers'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
  process.env.SESSION_SECRET = 'test-session-secret-of-enough-length'
  server = await startTestServer({ worker: false })
})

afterAll(async () => {
  await server?.close()
})

/** Each test signs in from its own address, so per-address limits stay apart. */
let address = 10
const fromAddress = () => ({ 'x-forwarded-for': `198.51.100.${address++}` })

describe('sign-in', () => {
  it('signs in with the right password: a 303 to the dashboard and a session cookie', async () => {
    const { user } = await makeOrganizer()
    const res = await postForm(
      `${server.url}/login`,
      { email: user.email.toUpperCase(), password: TEST_PASSWORD },
      fromAddress(),
    )
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/dashboard')
    const setCookie = res.headers.get('set-cookie')!
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`))
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(setCookie).toMatch(/Path=\//)
    // Served over http (APP_URL http://…): a Secure cookie would never come back.
    expect(setCookie).not.toMatch(/Secure/i)

    const page = await fetch(`${server.url}/dashboard/tokens`, {
      headers: { cookie: cookieFrom(res) },
      redirect: 'manual',
    })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Test Advocacy Project')
    for (const label of ['Home', 'Cases', 'Officials', 'Petitions', 'Tokens', 'Team'])
      expect(html).toContain(`>${label}</a>`)
  })

  it('answers a wrong password and an unknown email alike, with 400 and the email kept', async () => {
    const { user } = await makeOrganizer()
    const wrong = await postForm(
      `${server.url}/login`,
      { email: user.email, password: 'not the password' },
      fromAddress(),
    )
    const unknown = await postForm(
      `${server.url}/login`,
      { email: 'nobody-here@example.org', password: 'not the password' },
      fromAddress(),
    )
    expect(wrong.status).toBe(400)
    expect(unknown.status).toBe(400)
    expect(wrong.headers.get('set-cookie')).toBeNull()
    const [a, b] = [await wrong.text(), await unknown.text()]
    expect(a).toContain('Email or password is incorrect.')
    expect(b).toContain('Email or password is incorrect.')
    expect(a).toContain(`value="${user.email}"`)
    expect(b).toContain('value="nobody-here@example.org"')
  })

  it('answers an empty form with 400 and the errors beside the fields', async () => {
    const res = await postForm(`${server.url}/login`, { email: '', password: '' }, fromAddress())
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Please enter your email address.')
    expect(html).toContain('Please enter your password.')
  })

  // The contract changed (issue 10, audit finding 4): failures from anywhere no
  // longer lock the account. This test used to expect five failures from five
  // addresses to refuse the right password from a sixth; now only the address
  // that failed waits (tests below: strangers and known browsers).
  it(`makes one address that failed ${LOGIN_LIMITS.perAccountAndIp} times on an account wait, even with the right password; others are not affected`, async () => {
    const { user } = await makeOrganizer()
    const guesser = fromAddress()
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndIp; i++) {
      const res = await postForm(
        `${server.url}/login`,
        { email: user.email, password: `wrong ${i}` },
        guesser,
      )
      expect(res.status).toBe(400)
    }
    const blocked = await postForm(
      `${server.url}/login`,
      { email: user.email, password: TEST_PASSWORD },
      guesser,
    )
    expect(blocked.status).toBe(429)
    const retryAfter = Number(blocked.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_LIMITS.firstWaitSeconds)
    expect(blocked.headers.get('set-cookie')).toBeNull()
    expect(await blocked.text()).toContain(
      'Too many failed sign-ins for this account from your network',
    )
    // The organizer elsewhere is not affected.
    const elsewhere = await postForm(
      `${server.url}/login`,
      { email: user.email, password: TEST_PASSWORD },
      fromAddress(),
    )
    expect(elsewhere.status).toBe(303)

    // Once the wait is over, the right password works from there too.
    await db()`
      update login_attempts set created_at = created_at - interval '16 minutes'
      where email_canonical = ${user.email.toLowerCase()}`
    const after = await postForm(
      `${server.url}/login`,
      { email: user.email, password: TEST_PASSWORD },
      guesser,
    )
    expect(after.status).toBe(303)
  })

  it('never lets strangers lock a real organizer out: failures from anywhere only slow the account down (audit finding 4)', async () => {
    const { user } = await makeOrganizer()
    const strangers = Array.from({ length: 30 }, () => fromAddress())
    for (let batch = 0; batch < 30; batch += 10) {
      const answers = await Promise.all(
        strangers
          .slice(batch, batch + 10)
          .map((headers, i) =>
            postForm(
              `${server.url}/login`,
              { email: user.email, password: `guess ${batch + i}` },
              headers,
            ),
          ),
      )
      for (const res of answers) expect(res.status).toBe(400)
    }
    const started = Date.now()
    const organizer = await postForm(
      `${server.url}/login`,
      { email: user.email, password: TEST_PASSWORD },
      fromAddress(),
    )
    expect(organizer.status).toBe(303)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('lets a browser that signed in before through, whatever a stranger on its network did', async () => {
    const { user } = await makeOrganizer()
    const network = { 'x-forwarded-for': '203.0.113.91' }
    const first = await postForm(
      `${server.url}/login`,
      { email: user.email, password: TEST_PASSWORD },
      network,
    )
    expect(first.status).toBe(303)
    const device = first.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('vigil_device='))
    expect(device).toBeTruthy()
    // A stranger on the same network fails on the account, then on others.
    for (let i = 0; i < 25; i++) {
      const res = await postForm(
        `${server.url}/login`,
        { email: i < 6 ? user.email : `other${i}@example.org`, password: `guess ${i}` },
        network,
      )
      expect([400, 429]).toContain(res.status)
    }
    const stranger = await postForm(
      `${server.url}/login`,
      { email: user.email, password: TEST_PASSWORD },
      network,
    )
    expect(stranger.status).toBe(429)
    const known = await postForm(
      `${server.url}/login`,
      { email: user.email, password: TEST_PASSWORD },
      { ...network, cookie: device! },
    )
    expect(known.status).toBe(303)
    // A forged device cookie counts for nothing.
    const forged = await postForm(
      `${server.url}/login`,
      { email: user.email, password: TEST_PASSWORD },
      {
        ...network,
        cookie: `vigil_device=${encodeURIComponent(btoa(JSON.stringify({ id: 'x', accounts: [user.email.toLowerCase()] })))}`,
      },
    )
    expect(forged.status).toBe(429)
  })

  it('throttles an address that fails on many accounts', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.77' }
    for (let i = 0; i < LOGIN_LIMITS.perIp; i++) {
      const res = await postForm(
        `${server.url}/login`,
        { email: `guess${i}@example.org`, password: 'password1' },
        ip,
      )
      expect(res.status).toBe(400)
    }
    const { user } = await makeOrganizer()
    const blocked = await postForm(
      `${server.url}/login`,
      { email: user.email, password: TEST_PASSWORD },
      ip,
    )
    expect(blocked.status).toBe(429)
    expect(await blocked.text()).toContain('from your network')
    // Another address is not affected.
    const elsewhere = await postForm(
      `${server.url}/login`,
      { email: user.email, password: TEST_PASSWORD },
      fromAddress(),
    )
    expect(elsewhere.status).toBe(303)
  })

  it('returns to a local redirectTo, and ignores one to another site', async () => {
    const { user } = await makeOrganizer()
    const local = await postForm(
      `${server.url}/login`,
      { email: user.email, password: TEST_PASSWORD, redirectTo: '/dashboard/team?x=1' },
      fromAddress(),
    )
    expect(local.headers.get('location')).toBe('/dashboard/team?x=1')
    for (const evil of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const res = await postForm(
        `${server.url}/login`,
        { email: user.email, password: TEST_PASSWORD, redirectTo: evil },
        fromAddress(),
      )
      expect(res.headers.get('location')).toBe('/dashboard')
    }
  })

  it('sends a signed-out visitor of the dashboard to /login and back', async () => {
    const res = await fetch(`${server.url}/dashboard/tokens?x=1`, { redirect: 'manual' })
    expect([302, 303]).toContain(res.status)
    expect(res.headers.get('location')).toBe(
      `/login?redirectTo=${encodeURIComponent('/dashboard/tokens?x=1')}`,
    )
    const login = await fetch(`${server.url}${res.headers.get('location')}`)
    expect(await login.text()).toContain('value="/dashboard/tokens?x=1"')
  })

  it('ignores a tampered session cookie', async () => {
    const { user } = await makeOrganizer()
    const cookie = await signInCookie(server.url, { email: user.email }, fromAddress())
    const [name, value] = cookie.split('=')
    const tampered = `${name}=${value!.slice(0, -3)}abc`
    const res = await fetch(`${server.url}/dashboard/tokens`, {
      headers: { cookie: tampered },
      redirect: 'manual',
    })
    expect(res.headers.get('location')).toMatch(/^\/login/)
  })
})

describe('roles', () => {
  it('refuses an organizer what only an admin may do (403), and lets an admin', async () => {
    const { user } = await makeOrganizer({ role: 'organizer' })
    const cookie = await signInCookie(server.url, { email: user.email }, fromAddress())
    const res = await postForm(
      `${server.url}/dashboard/team`,
      { intent: 'invite', email: 'someone@example.org', role: 'organizer' },
      { cookie },
    )
    expect(res.status).toBe(403)
    const team = await fetch(`${server.url}/dashboard/team`, { headers: { cookie } })
    expect(team.status).toBe(200)
    expect(await team.text()).not.toContain('Invite someone')
  })

  it('lets an admin change roles and remove members, never the last admin', async () => {
    const { user: admin, organization } = await makeOrganizer({ organizationName: 'Roles Org' })
    const { user: member } = await makeOrganizer({
      organizationName: 'Roles Org',
      role: 'organizer',
    })
    const cookie = await signInCookie(server.url, { email: admin.email }, fromAddress())
    const memberCookie = await signInCookie(server.url, { email: member.email }, fromAddress())
    const team = `${server.url}/dashboard/team`

    const lastAdmin = await postForm(
      team,
      { intent: 'change-role', userId: admin.id, role: 'organizer' },
      { cookie },
    )
    expect(lastAdmin.status).toBe(409)
    expect(await lastAdmin.text()).toContain('at least one admin')

    const promoted = await postForm(
      team,
      { intent: 'change-role', userId: member.id, role: 'admin' },
      { cookie },
    )
    expect(promoted.status).toBe(303)
    const roles = await db()<{ role: string }[]>`
      select role from memberships where organization_id = ${organization.id} order by role`
    expect(roles.map((r) => r.role)).toEqual(['admin', 'admin'])

    const removed = await postForm(team, { intent: 'remove-member', userId: member.id }, { cookie })
    expect(removed.status).toBe(303)
    // The removed member's session no longer opens the dashboard.
    const after = await fetch(`${server.url}/dashboard/team`, {
      headers: { cookie: memberCookie },
      redirect: 'manual',
    })
    expect(after.headers.get('location')).toMatch(/^\/login/)

    const stranger = await postForm(
      team,
      { intent: 'remove-member', userId: member.id },
      { cookie },
    )
    expect(stranger.status).toBe(404)
  })

  // The contract changed (issue 10, audit finding 1): a signed-in organizer of
  // either role sees their own part of the dev mailbox (tests/dev-mailbox.test.ts
  // proves which part); before, only admins saw it, and all of it.
  it('shows the dev mailbox to a signed-in organizer coming through a proxy, and 404 otherwise', async () => {
    const proxied = { 'x-forwarded-for': '192.0.2.50' }
    expect((await fetch(`${server.url}/dev/mailbox`, { headers: proxied })).status).toBe(404)
    const { user: organizer } = await makeOrganizer({ role: 'organizer' })
    const organizerCookie = await signInCookie(
      server.url,
      { email: organizer.email },
      fromAddress(),
    )
    const asOrganizer = await fetch(`${server.url}/dev/mailbox`, {
      headers: { ...proxied, cookie: organizerCookie },
    })
    expect(asOrganizer.status).toBe(200)
    const { user: admin } = await makeOrganizer({ role: 'admin' })
    const adminCookie = await signInCookie(server.url, { email: admin.email }, fromAddress())
    const asAdmin = await fetch(`${server.url}/dev/mailbox`, {
      headers: { ...proxied, cookie: adminCookie },
    })
    expect(asAdmin.status).toBe(200)
  })
})

describe('sign-out and cross-site posts', () => {
  it('signs out with a POST: the cookie is cleared and the old one no longer works… for this browser', async () => {
    const { user } = await makeOrganizer()
    const cookie = await signInCookie(server.url, { email: user.email }, fromAddress())
    const res = await postForm(`${server.url}/logout`, {}, { cookie })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/login')
    expect(res.headers.get('set-cookie')).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i)
    // A GET does not sign out (links and prefetches must not end a session).
    const get = await fetch(`${server.url}/logout`, { headers: { cookie }, redirect: 'manual' })
    expect(get.headers.get('set-cookie')).toBeNull()
  })

  it('refuses a cross-site POST to /logout and to a dashboard action with 403', async () => {
    const { user } = await makeOrganizer()
    const cookie = await signInCookie(server.url, { email: user.email }, fromAddress())
    const evil = { cookie, origin: 'https://evil.example' }
    const logout = await postForm(`${server.url}/logout`, {}, evil)
    expect(logout.status).toBe(403)
    expect(logout.headers.get('set-cookie')).toBeNull()
    const create = await postForm(
      `${server.url}/dashboard/tokens`,
      { intent: 'create', name: 'planted' },
      evil,
    )
    expect(create.status).toBe(403)
    expect(await create.text()).toContain('Request refused')
    const fetchMetadata = await postForm(
      `${server.url}/dashboard/tokens`,
      { intent: 'create', name: 'planted' },
      { cookie, 'sec-fetch-site': 'cross-site' },
    )
    expect(fetchMetadata.status).toBe(403)
    const [row] = await db()<{ n: number }[]>`
      select count(*)::int as n from api_tokens where name = 'planted'`
    expect(row!.n).toBe(0)
    // The same post from this site works.
    const same = await postForm(
      `${server.url}/dashboard/tokens`,
      { intent: 'create', name: 'mine' },
      { cookie, origin: server.url },
    )
    expect(same.status).toBe(200)
  })
})

describe('cookie security', () => {
  it('marks the cookie Secure over https and in production, but not on plain local http', async () => {
    const before = process.env.APP_URL
    const setCookie = async () => {
      const session = await sessionStorage().getSession()
      session.set('userId', 'someone')
      return sessionStorage().commitSession(session)
    }
    try {
      process.env.APP_URL = 'https://vigil.example.org'
      resetEnvCache()
      expect(secureCookies()).toBe(true)
      expect(await setCookie()).toMatch(/; Secure/)
      process.env.APP_URL = 'http://localhost:3000'
      resetEnvCache()
      expect(secureCookies()).toBe(false)
      expect(await setCookie()).not.toMatch(/Secure/)
      // In production the cookie is Secure, but for plain http on this machine (npm start).
      process.env.NODE_ENV = 'production'
      process.env.APP_URL = 'http://vigil.example.org'
      resetEnvCache()
      expect(secureCookies()).toBe(true)
      process.env.APP_URL = 'http://127.0.0.1:3000'
      resetEnvCache()
      expect(secureCookies()).toBe(false)
    } finally {
      process.env.APP_URL = before
      process.env.NODE_ENV = 'test'
      resetEnvCache()
    }
  })
})
