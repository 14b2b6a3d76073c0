/**
 * Without SMTP_URL, a new user finds the confirmation mail at /dev/mailbox,
 * opens it and follows its link; nobody else may read that mailbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDueMail } from '../app/mail/senders/transactional-sender.server'
import { makePetition, validSignature } from './helpers/fixtures'
import { postForm, startTestServer, type TestServer } from './helpers/server'

let server: TestServer

beforeAll(async () => {
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
