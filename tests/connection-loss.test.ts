/**
 * Dropped database connections cost no duplicate mail. The worker's
 * connections are ended (pg_terminate_backend, as a failover or an
 * administrator would) again and again while it sends; postgres.js opens
 * new ones, and every "sent" record is written again on them rather than
 * abandoned, so nobody gets a mail twice. The server is this file's own
 * (tests/helpers/own-postgres.ts), never the shared one.
 */
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDueDeliveries } from '../app/mail/senders/campaign-sender.server'
import { sendDueMail } from '../app/mail/senders/transactional-sender.server'
import { closeTransport } from '../app/mail/transport.server'
import { db, retryOnConnectionLoss } from '../app/utils/db.server'
import { resetEnvCache } from '../app/utils/env.server'
import { fannedOutCampaign, seedSigners } from './helpers/campaigns'
import { makePetition } from './helpers/fixtures'
import { startOwnPostgres, type OwnPostgres } from './helpers/own-postgres'
import { recipient, startSmtpSink, type SmtpSink } from './helpers/smtp'

let postgres: OwnPostgres
let smtp: SmtpSink

beforeAll(async () => {
  postgres = await startOwnPostgres()
  smtp = await startSmtpSink()
  process.env.SMTP_URL = smtp.url
  process.env.APP_URL = 'http://vigil.test'
  delete process.env.VIGIL_MAIL_RATE
  resetEnvCache()
  closeTransport()
})

afterAll(async () => {
  closeTransport()
  await smtp?.close()
  await postgres?.close()
})

/**
 * Ends the worker's connections each time the SMTP server has received
 * another `every` of the mails matching `mine`, from `first` on, `times`
 * times; resolves with how many kills ended at least one connection.
 */
function killWhileSending({
  mine,
  first,
  every,
  times,
}: {
  mine: (mail: ParsedMail) => boolean
  first: number
  every: number
  times: number
}): { done: Promise<number>; stop: () => void } {
  let stopped = false
  const done = (async () => {
    let kills = 0
    for (let i = 0; i < times && !stopped; i++) {
      const threshold = first + i * every
      while (!stopped && smtp.messages.filter(mine).length < threshold)
        await new Promise((r) => setTimeout(r, 2))
      if (!stopped && (await postgres.terminatePool()) > 0) kills++
    }
    return kills
  })()
  return {
    done,
    stop: () => {
      stopped = true
    },
  }
}

/**
 * Runs `send` until nothing is left to send. Between runs, nothing is in
 * flight, so "time passes" for whatever a run left behind: retries, and
 * rows whose claim was lost with its connection (their lease runs out).
 */
async function sendUntilDone(send: () => Promise<unknown>, timePasses: () => Promise<boolean>) {
  for (let run = 0; run < 20; run++) {
    await send().catch((error: unknown) => console.warn('[test] a run failed:', error))
    if (!(await retryOnConnectionLoss(timePasses))) return
  }
  throw new Error('Still not done after 20 runs')
}

function countByRecipient(mails: ParsedMail[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const mail of mails) counts.set(recipient(mail), (counts.get(recipient(mail)) ?? 0) + 1)
  return counts
}

describe('a dropped database connection', () => {
  it('repeats no campaign mail: 2,000 recipients, each exactly once', async () => {
    const { signers, message } = await fannedOutCampaign({ count: 2000, prefix: 'campaign' })

    const addresses = new Set(signers.map((s) => s.email))
    const mine = (mail: ParsedMail) => addresses.has(recipient(mail))
    const killer = killWhileSending({ mine, first: 150, every: 250, times: 7 })
    await sendUntilDone(
      () => sendDueDeliveries(),
      async () => {
        const left = await db()`
          update message_deliveries set next_attempt_at = now()
          where message_id = ${message.id} and status in ('queued', 'sending')`
        return left.count > 0
      },
    )
    killer.stop()
    expect(await killer.done).toBeGreaterThanOrEqual(6)

    const counts = countByRecipient(smtp.messages.filter(mine))
    expect(counts.size).toBe(2000)
    expect([...counts].filter(([, n]) => n > 1)).toEqual([])
    const rows = await db()<{ status: string; n: number }[]>`
      select status, count(*)::int as n from message_deliveries
      where message_id = ${message.id} group by status`
    expect(rows).toEqual([{ status: 'sent', n: 2000 }])
  }, 180_000)

  it('repeats no confirmation mail: 1,000 signatures, each confirmed once by mail', async () => {
    const { organization, petition } = await makePetition()
    const signers = await seedSigners({
      organizationId: organization.id,
      petitionId: petition.id,
      count: 1000,
      status: 'pending',
      prefix: 'confirm',
    })
    // What signing queues for each: one confirmation mail.
    await db()`
      insert into outbound_emails (organization_id, template, to_address, props)
      select ${organization.id}, 'signature.confirm', s.email,
        jsonb_build_object('signatureId', s.id)
      from signatures s where s.petition_id = ${petition.id}`

    const addresses = new Set(signers.map((s) => s.email))
    const mine = (mail: ParsedMail) => addresses.has(recipient(mail))
    const killer = killWhileSending({ mine, first: 100, every: 140, times: 7 })
    await sendUntilDone(
      () => sendDueMail(),
      async () => {
        const left = await db()`
          update outbound_emails set next_attempt_at = now()
          where organization_id = ${organization.id} and status in ('queued', 'sending')`
        return left.count > 0
      },
    )
    killer.stop()
    expect(await killer.done).toBeGreaterThanOrEqual(6)

    const counts = countByRecipient(smtp.messages.filter(mine))
    expect(counts.size).toBe(1000)
    expect([...counts].filter(([, n]) => n > 1)).toEqual([])
    for (const mail of smtp.messages.filter(mine))
      expect(mail.text).toMatch(/http:\/\/vigil\.test\/confirm\//)
    const rows = await db()<{ status: string; n: number }[]>`
      select status, count(*)::int as n from outbound_emails
      where organization_id = ${organization.id} group by status`
    expect(rows).toEqual([{ status: 'sent', n: 1000 }])
  }, 180_000)
})
