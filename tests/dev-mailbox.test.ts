/**
 * Without SMTP_URL, a new user finds the confirmation mail at /dev/mailbox,
 * opens it and follows its link; nobody else may read that mailbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDueMail } from '../app/mail/senders/transactional-sender.server'
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

describe('the dev mailbox', () => {
  it('lists the confirmation mail and shows it, with a working confirmation link', async () => {
    const { petition } = await makePetition()
    await postForm(
      `${server.url}/petitions/${petition.slug}`,
      validSignature({ email: 'newuser@example.org' }),
    )
    await sendDueMail()
    const list = await (await fetch(`${server.url}/dev/mailbox`)).text()
    const href = /href="(\/dev\/mailbox\/\d+)"[^>]*>Please confirm your signature/.exec(list)?.[1]
    expect(href).toBeTruthy()
    const page = await (await fetch(`${server.url}${href}`)).text()
    expect(page).toContain('newuser@example.org')
    expect(page).toMatch(/Test Advocacy Project &lt;no-reply@localhost&gt;/)
    const link = new RegExp(`href="(${server.url}/confirm/[\\w-]+)"`).exec(page)?.[1]
    expect(link).toBeTruthy()
    const confirm = await fetch(link!)
    expect(await confirm.text()).toContain('Confirm my signature')
  })

  it('is a 404 for requests that came through a proxy', async () => {
    const proxied: Record<string, string>[] = [
      { 'x-forwarded-for': '198.51.100.7' },
      { forwarded: 'for=198.51.100.7' },
    ]
    for (const header of proxied) {
      const res = await fetch(`${server.url}/dev/mailbox`, { headers: header })
      expect(res.status).toBe(404)
    }
  })
})

/** What a request from elsewhere (through a proxy) with this session sees. */
async function remote(path: string, cookie?: string) {
  const res = await fetch(`${server.url}${path}`, {
    headers: { 'x-forwarded-for': '198.51.100.60', ...(cookie ? { cookie } : {}) },
  })
  return { status: res.status, html: await res.text() }
}

/** The dev mailbox ids of the messages to `to` (read on this machine, which sees all). */
async function messagesTo(to: string): Promise<string[]> {
  const list = await (await fetch(`${server.url}/dev/mailbox`)).text()
  return [...list.matchAll(/<td>([^<]*)<\/td><td><a [^>]*href="(\/dev\/mailbox\/\d+)"/g)]
    .filter((m) => m[1]!.toLowerCase().includes(to.toLowerCase()))
    .map((m) => m[2]!)
}

describe('the dev mailbox for signed-in organizers (audit finding 1)', () => {
  it("never shows one account's password reset to another organization's admin", async () => {
    const victim = await makeOrganizer({ organizationName: 'Victim Org', role: 'admin' })
    const attacker = await makeOrganizer({ organizationName: 'Attacker Org', role: 'admin' })
    const colleague = await makeOrganizer({ organizationName: 'Victim Org', role: 'admin' })
    const attackerCookie = await signInCookie(server.url, { email: attacker.user.email })
    const colleagueCookie = await signInCookie(server.url, { email: colleague.user.email })
    const victimCookie = await signInCookie(server.url, { email: victim.user.email })
    await postForm(`${server.url}/forgot-password`, { email: victim.user.email })
    await sendDueMail()
    const [reset] = await messagesTo(victim.user.email)
    expect(reset).toBeTruthy()

    for (const cookie of [attackerCookie, colleagueCookie]) {
      const list = await remote('/dev/mailbox', cookie)
      expect(list.status).toBe(200)
      expect(list.html).not.toContain('Reset your Vigil password')
      expect((await remote(reset!, cookie)).status).toBe(404)
    }
    // Its own recipient reads it.
    const own = await remote(reset!, victimCookie)
    expect(own.status).toBe(200)
    expect(own.html).toContain('/reset-password/')
    expect((await remote('/dev/mailbox', victimCookie)).html).toContain('Reset your Vigil password')
  })

  it("shows an organizer their own organization's mail to supporters, and no one else's", async () => {
    const ours = await makePetition({ organizationName: 'Our Org' })
    const theirs = await makePetition({ organizationName: 'Their Org' })
    const member = await makeOrganizer({ organizationName: 'Our Org', role: 'organizer' })
    const cookie = await signInCookie(server.url, { email: member.user.email })
    await postForm(
      `${server.url}/petitions/${ours.petition.slug}`,
      validSignature({ email: 'our-supporter@example.org' }),
    )
    await postForm(
      `${server.url}/petitions/${theirs.petition.slug}`,
      validSignature({ email: 'their-supporter@example.org' }),
    )
    await sendDueMail()
    const [mine] = await messagesTo('our-supporter@example.org')
    const [notMine] = await messagesTo('their-supporter@example.org')
    const list = await remote('/dev/mailbox', cookie)
    expect(list.html).toContain('our-supporter@example.org')
    expect(list.html).not.toContain('their-supporter@example.org')
    expect((await remote(mine!, cookie)).status).toBe(200)
    expect((await remote(notMine!, cookie)).status).toBe(404)
    // Signed out, from elsewhere: nothing at all.
    expect((await remote('/dev/mailbox')).status).toBe(404)
    expect((await remote(mine!)).status).toBe(404)
  })
})
