/**
 * Mail never blocks signing: with the SMTP server down or refusing, signing
 * still answers at once; temporary failures are retried (first within 30 s)
 * until the server is back, permanent ones are recorded and not retried.
 * "Time passing" is simulated by moving next_attempt_at, nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDueMail } from '../app/mail/senders/transactional-sender.server'
import { db } from '../app/utils/db.server'
import { makePetition, validSignature } from './helpers/fixtures'
import { freePort, eventually, postForm, startTestServer, type TestServer } from './helpers/server'
import { recipient, startSmtpSink } from './helpers/smtp'

let server: TestServer
let smtpPort: number

beforeAll(async () => {
  smtpPort = await freePort()
  // The worker is off: the test runs the mail job itself, so every attempt is observed.
  server = await startTestServer({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, worker: false })
})

afterAll(async () => {
  await server?.close()
})

interface Row {
  status: string
  attempts: number
  lastError: string | null
  secondsToNext: number
}

async function mailTo(email: string): Promise<Row> {
  const [row] = await db()<Row[]>`
    select status, attempts, last_error,
      extract(epoch from next_attempt_at - now())::float8 as seconds_to_next
    from outbound_emails where to_address = ${email}`
  return row!
}

async function timePasses() {
  await db()`update outbound_emails set next_attempt_at = now() where status = 'queued'`
}

async function sign(email: string) {
  const { petition } = await makePetition()
  const res = await postForm(`${server.url}/petitions/${petition.slug}`, validSignature({ email }))
  expect(res.status).toBe(303)
}

describe('mail faults', () => {
  it('holds mail while SMTP is down and delivers it when the server returns', async () => {
    const email = 'patient@example.org'
    await sign(email)
    await sendDueMail()
    const failed = await mailTo(email)

    expect(failed.status).toBe('queued')
    expect(failed.attempts).toBe(1)
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i)
    expect(failed.secondsToNext).toBeGreaterThan(0)
    expect(failed.secondsToNext).toBeLessThanOrEqual(30)

    const smtp = await startSmtpSink({ port: smtpPort })
    try {
      await timePasses()
      await sendDueMail()
      const [mail] = await smtp.waitFor(1)
      expect(recipient(mail!)).toContain(email)
      expect((await mailTo(email)).status).toBe('sent')
    } finally {
      await smtp.close()
    }
  })

  it('retries 451 with growing delays and delivers exactly once on 250', async () => {
    const smtp = await startSmtpSink({ port: smtpPort })
    try {
      const email = 'greylisted@example.org'
      smtp.failWith(451)
      await sign(email)
      await sendDueMail()
      const first = await mailTo(email)
      await timePasses()
      await sendDueMail()
      const second = await mailTo(email)
      expect([first.status, second.status]).toEqual(['queued', 'queued'])
      expect(second.attempts).toBe(2)
      expect(second.secondsToNext).toBeGreaterThan(first.secondsToNext)
      expect(second.lastError).toMatch(/Try again later/)

      smtp.failWith(null)
      await timePasses()
      await sendDueMail()
      await sendDueMail()
      await smtp.waitFor(1)
      await new Promise((r) => setTimeout(r, 300))
      expect(smtp.messages.filter((m) => recipient(m).includes(email))).toHaveLength(1)
      expect((await mailTo(email)).status).toBe('sent')
    } finally {
      await smtp.close()
    }
  })

  it('records 550 as a failure and does not retry it', async () => {
    const smtp = await startSmtpSink({ port: smtpPort })
    try {
      const email = 'nobody@example.org'
      smtp.failWith(550)
      await sign(email)
      await sendDueMail()
      const row = await mailTo(email)
      expect(row.status).toBe('failed')
      expect(row.lastError).toMatch(/Mailbox unavailable/)
      smtp.failWith(null)
      await timePasses()
      await sendDueMail()
      expect((await mailTo(email)).attempts).toBe(1)
      expect(smtp.messages).toHaveLength(0)
    } finally {
      await smtp.close()
    }
  })

  it('gives up on temporary failures only after the retry window', async () => {
    const email = 'gone@example.org'
    await sign(email)
    await db()`update outbound_emails set created_at = now() - interval '25 hours' where to_address = ${email}`
    await sendDueMail()
    const row = await mailTo(email)
    expect(row.status).toBe('failed')
    await eventually(async () => ((await mailTo(email)).attempts === 1 ? true : undefined))
  })
})
