/**
 * Starting and stopping `npm start` as an operator does, in a child
 * process on this file's database: a second instance on a taken port stops
 * before it runs any job; SIGTERM in the middle of a campaign finishes the
 * request in flight and the sends in progress, gives back the rest, and
 * exits 0, so that the next worker sends every mail exactly once.
 */
import http from 'node:http'
import net from 'node:net'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDueDeliveries } from '../app/mail/senders/campaign-sender.server'
import { closeTransport } from '../app/mail/transport.server'
import { db } from '../app/utils/db.server'
import { resetEnvCache } from '../app/utils/env.server'
import { deliveryRows, fannedOutCampaign } from './helpers/campaigns'
import { validSignature } from './helpers/fixtures'
import { freePort } from './helpers/server'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'
import { startVigilProcess } from './helpers/vigil-process'

let smtp: SmtpSink

beforeAll(async () => {
  smtp = await startSmtpSink()
  process.env.SMTP_URL = smtp.url
  process.env.APP_URL = 'http://vigil.test'
  resetEnvCache()
  closeTransport()
})

afterAll(async () => {
  closeTransport()
  await smtp?.close()
})

async function scheduleCount(): Promise<number> {
  const [found] = await db()<{ exists: boolean }[]>`
    select to_regclass('pgboss.schedule') is not null as exists`
  if (!found!.exists) return 0
  const [row] = await db()<{ n: number }[]>`select count(*)::int as n from pgboss.schedule`
  return row!.n
}

/**
 * Posts a signature in two steps: the headers (with `Expect: 100-continue`,
 * so the server says when it has taken the request in), then, once
 * `between` has run, the body. The request is in flight during `between`.
 */
function signInTwoSteps(
  url: string,
  fields: Record<string, string>,
  between: () => Promise<void>,
): Promise<{ status: number; location?: string; connection?: string }> {
  const body = new URLSearchParams(fields).toString()
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        expect: '100-continue',
      },
    })
    req.on('continue', () => {
      between().then(() => req.end(body), reject)
    })
    req.on('response', (res) => {
      res.resume()
      resolve({
        status: res.statusCode!,
        location: res.headers.location,
        connection: res.headers.connection,
      })
    })
    req.on('error', reject)
    req.flushHeaders()
  })
}

describe('npm start', () => {
  it('on a port already taken, says so in one line and runs no job', async () => {
    const port = await freePort()
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(port, () => resolve()))
    try {
      const vigil = await startVigilProcess(
        'server',
        { PORT: String(port), VIGIL_WORKER: 'on', NODE_ENV: 'test' },
        { waitReady: false },
      )
      expect(await vigil.exited).toBe(1)
      expect(vigil.output()).toContain(
        `Vigil cannot start: port ${port} is in use: set PORT to a free port.`,
      )
      expect(vigil.output()).not.toMatch(/Vigil is serving|\n\s+at /)
      // The worker never started: it would have written its schedules.
      expect(await scheduleCount()).toBe(0)
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  }, 120_000)

  it('on SIGTERM mid-campaign: answers the signature in flight, finishes its sends, gives back the rest, exits 0; nothing lost or sent twice', async () => {
    const COUNT = 300
    const { petition, signers, message } = await fannedOutCampaign({ count: COUNT, prefix: 'term' })
    const addresses = new Set(signers.map((s) => s.email))
    const mine = (mail: ParsedMail) => addresses.has(recipient(mail))
    const port = await freePort()
    const vigil = await startVigilProcess('server', {
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: smtp.url,
      VIGIL_WORKER: 'on',
      VIGIL_MAIL_RATE: '40',
      VIGIL_LOG_LEVEL: 'info',
      NODE_ENV: 'test',
    })
    // The campaign is under way: some mail is out, most is not.
    while (smtp.messages.filter(mine).length < 40) await new Promise((r) => setTimeout(r, 20))

    const signer = validSignature()
    const answer = await signInTwoSteps(
      `http://127.0.0.1:${port}/petitions/${petition.slug}`,
      signer,
      async () => {
        vigil.child.kill('SIGTERM')
        while (!vigil.output().includes('"stopping')) await new Promise((r) => setTimeout(r, 10))
      },
    )
    expect(answer.status).toBe(303)
    expect(answer.location).toBe(`/petitions/${petition.slug}/thanks`)
    // Draining: the connection is not kept for another request.
    expect(answer.connection).toBe('close')
    expect(await vigil.exited).toBe(0)

    const [signature] = await db()<{ status: string; mails: number }[]>`
      select s.status, (select count(*)::int from outbound_emails e
        where e.props->>'signatureId' = s.id::text) as mails
      from signatures s where s.petition_id = ${petition.id} and s.email = ${signer.email!}`
    expect(signature).toEqual({ status: 'pending', mails: 1 })

    // Stopped mid-campaign: nothing is left leased to the stopped worker,
    // and what it recorded as sent is exactly what the SMTP server received.
    const atStop = await deliveryRows(message.id)
    const sentAtStop = atStop.filter((r) => r.status === 'sent').length
    expect(atStop.filter((r) => r.status === 'sending')).toEqual([])
    expect(sentAtStop).toBeGreaterThanOrEqual(40)
    expect(sentAtStop).toBeLessThan(COUNT)
    expect(smtp.messages.filter(mine)).toHaveLength(sentAtStop)
    // What it gave back is due now, for whoever works next.
    for (const row of atStop.filter((r) => r.status === 'queued'))
      expect(row.secondsToNext).toBeLessThanOrEqual(0)

    // The next worker finishes the campaign: everyone exactly once.
    for (let run = 0; run < 5 && (await sendDueDeliveries()) > 0; run++);
    const counts = new Map<string, number>()
    for (const mail of smtp.messages.filter(mine))
      counts.set(recipient(mail), (counts.get(recipient(mail)) ?? 0) + 1)
    expect(counts.size).toBe(COUNT)
    expect([...counts].filter(([, n]) => n > 1)).toEqual([])
    expect((await deliveryRows(message.id)).every((r) => r.status === 'sent')).toBe(true)
  }, 180_000)
})
