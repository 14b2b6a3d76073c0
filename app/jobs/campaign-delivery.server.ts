import { failureText } from '~/domain/errors'
import { addSuppression } from '~/models/suppression.server'
import {
  claimDueDeliveries,
  finishSentMessages,
  getMessageSendContext,
  markDeliveriesSent,
  releaseDelivery,
  nextDeliveryDueAt,
  sendingMessageIds,
  type ClaimedDelivery,
  type MessageSendContext,
} from '~/models/message-delivery.server'
import { getPetitionMergeData, type PetitionMergeData } from '~/models/merge-data.server'
import { recordFailedAttempt } from '~/models/delivery-attempts.server'
import { env } from '~/utils/env.server'
import { QUEUES, wake } from '~/utils/jobs.server'
import { fromAddress, isPermanentFailure, sendMail } from '~/mail/transport.server'
import { campaignComposer } from '~/mail/campaign-mail.server'
import { compileMessage, TemplateError, type CompiledMessage } from '~/mail/templates.server'

/**
 * The delivery job: claims due message_deliveries rows in batches (FOR
 * UPDATE SKIP LOCKED, with a lease), sends each through the shared SMTP
 * pool with bounded concurrency under the VIGIL_MAIL_RATE limit, and
 * records each result as soon as the server answers. Any number of workers
 * may run it at once. See docs/decisions/020-delivery-engine.md.
 */

/** A claimed row is another worker's to take after this long (≤ 60 s by design). */
export const LEASE_SECONDS = 30

/**
 * Messages in flight at once per worker. Several per SMTP connection keep
 * the pool busy while others are being merged; a crash can repeat these
 * (their 250 may have come before their record), and the records not yet
 * written (MAX_REPEATS_AT_CRASH).
 */
export const CONCURRENCY = 25
const MAX_BATCH = 100
/** One run stays well under pg-boss's job expiry; it wakes a successor for the rest. */
const MAX_RUN_MS = 5 * 60_000
/** A cancelled message's claimed rows stop within this long. */
const STATUS_REFRESH_MS = 1_000
/** "Sent" records wait this long for others to share their write, or until this many wait. */
const RECORD_LINGER_MS = 10
const RECORD_GROUP = 50
/** The most rows sent but not yet recorded at once (see SentRecorder). */
const RECORD_WINDOW = 75
/** What a crash can repeat at most: the sends in flight and the records not yet written. */
export const MAX_REPEATS_AT_CRASH = CONCURRENCY + RECORD_WINDOW
/** SMTP replies after which an address is suppressed: the mailbox does not exist. */
const HARD_BOUNCE_CODES = new Set([550, 551, 553])

/**
 * The most messages per second one worker process sends: VIGIL_MAIL_RATE.
 * Spaces sends evenly (no bursts); shared by every loop in the process.
 */
class RateLimiter {
  private next = 0
  constructor(private perSecond: number) {}
  setRate(perSecond: number) {
    this.perSecond = perSecond
  }
  async take(): Promise<void> {
    const now = Date.now()
    this.next = Math.max(this.next, now)
    const wait = this.next - now
    this.next += 1000 / this.perSecond
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait))
  }
}
const limiter = new RateLimiter(1000)

/**
 * VIGIL_MAIL_DOMAIN_RATE: the most messages per second one worker sends to
 * one recipient domain (big mailbox providers throttle or defer senders
 * that burst), on top of the overall rate.
 */
class DomainLimiters {
  private limiters = new Map<string, RateLimiter>()
  constructor(private perSecond: number) {}
  setRate(perSecond: number) {
    if (perSecond === this.perSecond) return
    this.perSecond = perSecond
    this.limiters.clear()
  }
  take(address: string): Promise<void> {
    const domain = recipientDomain(address)
    let domainLimiter = this.limiters.get(domain)
    if (!domainLimiter) {
      // Idle domains are forgotten now and then, so the map stays small at any audience size.
      if (this.limiters.size >= 10_000) this.limiters.clear()
      domainLimiter = new RateLimiter(this.perSecond)
      this.limiters.set(domain, domainLimiter)
    }
    return domainLimiter.take()
  }
}
const domainLimiters = new DomainLimiters(100)

function recipientDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase()
}

/**
 * The batch with its domains interleaved (a, b, c, a, b, c, …), so that
 * rows of a domain at its limit do not hold up the others behind them.
 */
export function interleaveByDomain<T extends { toAddress: string }>(rows: T[]): T[] {
  const byDomain = new Map<string, T[]>()
  for (const row of rows) {
    const domain = recipientDomain(row.toAddress)
    const list = byDomain.get(domain)
    if (list) list.push(row)
    else byDomain.set(domain, [row])
  }
  const lists = [...byDomain.values()]
  const out: T[] = []
  for (let i = 0; out.length < rows.length; i++)
    for (const list of lists) if (i < list.length) out.push(list[i]!)
  return out
}

function batchSize(rate: number): number {
  // A batch must be sent well within its lease, even at a low rate.
  return Math.max(1, Math.min(MAX_BATCH, Math.floor((rate * LEASE_SECONDS) / 3)))
}

interface MessagePlan {
  context: MessageSendContext
  compiled: CompiledMessage | TemplateError
  /** MAIL_FROM under the organization's name, parsed once per message. */
  from: ReturnType<typeof fromAddress>
}

/** A composer's merge values (days_left, next_date) are taken afresh this often. */
const COMPOSER_TTL_MS = 60_000

type Composer = ReturnType<typeof campaignComposer>

/**
 * What one run has loaded: each message parsed once, each petition's data
 * once, and a composer per message and petition, renewed every minute.
 */
class RunCache {
  private plans = new Map<string, Promise<MessagePlan | null>>()
  private petitions = new Map<string, PetitionMergeData>()
  private composers = new Map<string, { compose: Composer; at: number }>()
  private sending: Promise<Set<string>> = Promise.resolve(new Set())
  private known = new Set<string>()
  private checkedAt = 0

  plan(messageId: string): Promise<MessagePlan | null> {
    let plan = this.plans.get(messageId)
    if (!plan) {
      plan = getMessageSendContext(messageId).then((context) => {
        if (!context) return null
        let compiled: CompiledMessage | TemplateError
        try {
          compiled = compileMessage(context)
        } catch (error) {
          if (!(error instanceof TemplateError)) throw error
          compiled = error
        }
        return { context, compiled, from: fromAddress(context.organizationName) }
      })
      this.plans.set(messageId, plan)
    }
    return plan
  }

  async loadPetitions(rows: ClaimedDelivery[]) {
    const missing = [...new Set(rows.map((r) => r.petitionId))].filter(
      (id) => !this.petitions.has(id),
    )
    for (const data of await getPetitionMergeData(missing))
      this.petitions.set(data.petitionId, data)
  }

  petition(id: string): PetitionMergeData | undefined {
    return this.petitions.get(id)
  }

  composer(
    messageId: string,
    compiled: CompiledMessage,
    petition: PetitionMergeData,
    appUrl: string,
  ): Composer {
    const key = `${messageId}/${petition.petitionId}`
    const now = Date.now()
    let entry = this.composers.get(key)
    if (!entry || now - entry.at > COMPOSER_TTL_MS) {
      entry = { compose: campaignComposer({ compiled, petition, appUrl }), at: now }
      this.composers.set(key, entry)
    }
    return entry.compose
  }

  /** Whether the message still sends, checked against the database at most every second. */
  async stillSending(messageId: string): Promise<boolean> {
    if (Date.now() - this.checkedAt > STATUS_REFRESH_MS || !this.known.has(messageId)) {
      this.checkedAt = Date.now()
      this.known.add(messageId)
      this.sending = sendingMessageIds([...this.known])
    }
    return (await this.sending).has(messageId)
  }
}

/**
 * Group commit of "sent" records, written behind the sending: a sender
 * hands its row over the moment the server says 250 and takes the next,
 * and the records that arrive within RECORD_LINGER_MS, or while one write
 * is under way, go together in the next write (one commit, one WAL flush
 * for the group). A slow commit so does not stall the SMTP pool. At most
 * RECORD_WINDOW rows wait for their record at once (beyond that, senders
 * wait), so a crash can repeat at most MAX_REPEATS_AT_CRASH mails: those
 * being sent and those sent but not yet recorded.
 */
class SentRecorder {
  private pending: { id: string; smtpMessageId: string; sentAt: Date }[] = []
  /** Rows handed over and not yet written: pending, and in the write under way. */
  private unrecorded = 0
  private writing: Promise<void> | null = null
  private lingering: NodeJS.Timeout | null = null
  private roomWaiters: (() => void)[] = []
  private failure: unknown = null

  /** Takes a sent row's record; resolves when the sender may take another row. */
  async record(id: string, smtpMessageId: string): Promise<void> {
    if (this.failure) throw this.failure
    this.pending.push({ id, smtpMessageId, sentAt: new Date() })
    this.unrecorded++
    if (this.pending.length >= RECORD_GROUP) this.write()
    else if (!this.writing) {
      this.lingering ??= setTimeout(() => {
        this.lingering = null
        this.write()
      }, RECORD_LINGER_MS)
    }
    while (this.unrecorded > RECORD_WINDOW && !this.failure)
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve))
    if (this.failure) throw this.failure
  }

  /** Writes what is waiting; throws if any record could not be written. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.writing) {
      this.write()
      await this.writing
    }
    if (this.failure) throw this.failure
  }

  private write() {
    if (this.lingering) clearTimeout(this.lingering)
    this.lingering = null
    if (this.writing || this.pending.length === 0) return
    this.writing = this.flush()
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const rows = this.pending
      this.pending = []
      try {
        await markDeliveriesSent(rows)
      } catch (error) {
        // Those rows stay "sending" and go again after their lease.
        this.failure ??= error
      }
      this.unrecorded -= rows.length
      const waiters = this.roomWaiters
      this.roomWaiters = []
      for (const resume of waiters) resume()
    }
    this.writing = null
  }
}

async function deliver(
  row: ClaimedDelivery,
  cache: RunCache,
  appUrl: string,
  recorder: SentRecorder,
  leaseMarginMs: number,
): Promise<void> {
  const plan = await cache.plan(row.messageId)
  const petition = cache.petition(row.petitionId)
  let prepared
  try {
    if (!plan || !petition) throw new TemplateError({ body: ['The message or petition is gone.'] })
    if (plan.compiled instanceof TemplateError) throw plan.compiled
    const unsubscribeUrl = `${appUrl}/unsubscribe/${row.unsubscribeToken}`
    const compose = cache.composer(row.messageId, plan.compiled, petition, appUrl)
    prepared = {
      unsubscribeUrl,
      from: plan.from,
      replyTo: plan.context.replyTo,
      ...compose(row.supporterName, unsubscribeUrl),
    }
  } catch (error) {
    // Never a blank in a sent mail: a template that no longer renders fails the row.
    await recordFailedAttempt('message_deliveries', {
      id: row.id,
      error: failureText(error),
      permanent: true,
      attempts: row.attempts,
      queuedAt: row.createdAt,
    })
    return
  }
  let smtpMessageId: string
  try {
    await domainLimiters.take(row.toAddress)
    await limiter.take()
    if (Date.now() > row.leaseUntil.getTime() - leaseMarginMs) {
      // Waited too long for its turn (a low rate, a busy domain): sending now
      // could race whoever claims it after the lease. It goes out later, once.
      await releaseDelivery(row)
      return
    }
    const info = await sendMail({
      from: prepared.from,
      to: row.toAddress,
      ...(prepared.replyTo ? { replyTo: prepared.replyTo } : {}),
      subject: prepared.subject,
      html: prepared.html,
      text: prepared.text,
      headers: {
        'List-Unsubscribe': `<${prepared.unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    })
    smtpMessageId = info.messageId
  } catch (error) {
    const permanent = isPermanentFailure(error)
    await recordFailedAttempt('message_deliveries', {
      id: row.id,
      error: (error as Error).message,
      permanent,
      attempts: row.attempts,
      queuedAt: row.createdAt,
    })
    const code = (error as { responseCode?: number }).responseCode
    if (permanent && code && HARD_BOUNCE_CODES.has(code)) {
      await addSuppression({
        organizationId: row.organizationId,
        email: row.toAddress,
        reason: 'bounce',
        detail: (error as Error).message.slice(0, 500),
      })
    }
    return
  }
  // Recorded the moment the server said 250: only a crash in between can repeat it.
  await recorder.record(row.id, smtpMessageId)
}

/** Wakes the queue at `at` (a retry falling due, or a lease running out). */
async function wakeAt(at: Date): Promise<void> {
  const seconds = Math.max(1, Math.ceil((at.getTime() - Date.now()) / 1000))
  // One waiting wake per 10-second slot, so an earlier one is never refused.
  const slot = Math.ceil((Date.now() + seconds * 1000) / 10_000)
  await wake(QUEUES.campaignDelivery, { startAfter: seconds, singletonKey: `at:${slot}` })
}

/**
 * Sends every due delivery row; returns how many rows were claimed. Ends
 * by settling finished messages and waking itself for the next retry.
 */
export async function sendDueDeliveries({
  maxRunMs = MAX_RUN_MS,
  leaseSeconds = LEASE_SECONDS,
}: { maxRunMs?: number; leaseSeconds?: number } = {}): Promise<number> {
  // A row whose lease has less than this left is given back rather than sent.
  const leaseMarginMs = Math.min(5_000, (leaseSeconds * 1000) / 3)
  const { appUrl, VIGIL_MAIL_RATE: rate, VIGIL_MAIL_DOMAIN_RATE: domainRate } = env()
  limiter.setRate(rate)
  domainLimiters.setRate(domainRate)
  const cache = new RunCache()
  const recorder = new SentRecorder()
  const started = Date.now()
  // The slower of the two limits sets how many rows can be sent within a lease.
  const size = batchSize(Math.min(rate, domainRate))
  let claimed = 0
  let watchdogAt = 0
  // A pipeline: the senders take rows from `queue`, and the next batch is
  // claimed while the last rows of the previous one are still being sent,
  // so the SMTP pool never waits for a claim.
  const queue: ClaimedDelivery[] = []
  let exhausted = false
  let inFlight = 0
  let failure: unknown = null
  let claiming: Promise<void> | null = null

  async function claimBatch(): Promise<void> {
    if (Date.now() - started > maxRunMs) {
      exhausted = true
      await wake(QUEUES.campaignDelivery)
      return
    }
    if (Date.now() - watchdogAt > LEASE_SECONDS * 500) {
      // Should this worker die holding rows, a wake-up after the lease lets another take them.
      watchdogAt = Date.now()
      await wakeAt(new Date(Date.now() + (LEASE_SECONDS + 2) * 1000))
    }
    const batch = await claimDueDeliveries({ limit: size, leaseSeconds })
    if (batch.length === 0) {
      exhausted = true
      return
    }
    claimed += batch.length
    // More than one batch's work: let another worker (if any) join in.
    if (batch.length === size) void wake(QUEUES.campaignDelivery)
    const toSend = batch.filter((row) => row.status === 'sending')
    await cache.loadPetitions(toSend)
    queue.push(...interleaveByDomain(toSend))
  }

  function refill(): Promise<void> {
    claiming ??= claimBatch()
      .catch((error: unknown) => {
        failure = error
        exhausted = true
      })
      .finally(() => {
        claiming = null
      })
    return claiming
  }

  async function sender(): Promise<void> {
    for (;;) {
      // Claim ahead, but never more than a batch beyond what is being sent.
      if (!exhausted && queue.length + inFlight < size) void refill()
      const row = queue.shift()
      if (!row) {
        if (exhausted) return
        await refill()
        continue
      }
      // Cancelled meanwhile: the row is already marked cancelled; send nothing.
      if (!(await cache.stillSending(row.messageId))) continue
      inFlight++
      try {
        await deliver(row, cache, appUrl, recorder, leaseMarginMs)
      } catch (error) {
        // The database failed us: stop claiming, let the others finish, then fail the run.
        failure ??= error
        exhausted = true
      } finally {
        inFlight--
      }
    }
  }

  await Promise.all(Array.from({ length: CONCURRENCY }, sender))
  await recorder.drain().catch((error: unknown) => {
    failure ??= error
  })
  if (failure) throw failure
  await finishSentMessages()
  const due = await nextDeliveryDueAt()
  if (due) await wakeAt(due)
  return claimed
}
