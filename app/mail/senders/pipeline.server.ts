import { Readable } from 'node:stream'
import type { SendMailOptions } from 'nodemailer'
import { failureText } from '~/domain/errors'
import {
  claimDue,
  nextDueAt,
  recordFailed,
  releaseClaims,
  type Claim,
  type DeliveryKind,
} from '~/models/delivery-queue.server'
import { READ_RETRY_MS, retryOnConnectionLoss } from '~/utils/db.server'
import { wake, wakeAt, type QueueName } from '~/utils/jobs.server'
import { metrics } from '~/utils/metrics.server'
import { TemplateError } from '../templates.server'
import {
  isPermanentFailure,
  sendMail,
  SendWindowClosedError,
  WORST_CASE_SEND_MS,
} from '../transport.server'
import { RECORD_WINDOW, SentRecorder } from './sent-recorder.server'

/**
 * The one send loop of the delivery queue, for every kind: claims rows in
 * batches (the next batch while the last one is being sent, so the SMTP
 * pool never waits for a claim), composes and sends each with bounded
 * concurrency, records every result, gives back what it cannot send within
 * its lease, and wakes its queue for the next due row. A kind's sender
 * (campaign-sender.server.ts, …) says only what differs: how to compose a
 * row's mail, how fast to send, what to settle at the end. Any number of
 * workers may run the same sender at once. See docs/decisions/020-delivery-engine.md.
 */

export type RowOf<Row> = Row & Claim

/**
 * How a composed row leaves: mail through the SMTP transport (the
 * default), or another channel (a webhook's HTTP POST). `send` honours
 * `startBy` by throwing SendWindowClosedError before it starts anything,
 * and ends within `worstCaseMs` once started: every lease is longer.
 */
export interface Channel<Payload> {
  send(payload: Payload, options: { startBy: Date }): Promise<{ messageId: string }>
  /** A failure not worth another try. */
  isPermanent(error: unknown): boolean
  worstCaseMs: number
  /** A payload composed and not sent: let go of what it holds. */
  discard?(payload: Payload): void
}

/** Mail: the SMTP pool or the dev mailbox (transport.server.ts). */
export const MAIL_CHANNEL: Channel<SendMailOptions> = {
  send: (mail, { startBy }) => sendMail(mail, { startBy }),
  isPermanent: isPermanentFailure,
  worstCaseMs: WORST_CASE_SEND_MS,
  discard: discardStreams,
}

export interface Sender<Row, Payload = SendMailOptions> {
  kind: DeliveryKind<Row>
  /** The pg-boss queue that wakes this sender. */
  queue: QueueName
  /** Rows being composed and sent at once. */
  concurrency: number
  /** Rows claimed at once. */
  batchSize: number
  /** Loads what a batch shares and puts its rows in sending order. */
  prepareBatch?(rows: RowOf<Row>[]): Promise<RowOf<Row>[]>
  /**
   * The row's mail, composed from what the database says now. `cancelled`:
   * its parent was cancelled meanwhile (and the row settled with it); send
   * and record nothing. `not-needed`: recorded as sent without a mail.
   * Throwing fails the attempt: permanently for a TemplateError or a
   * PermanentMailError (a mail that can no longer be made), else for now.
   */
  compose(row: RowOf<Row>): Promise<Payload | 'cancelled' | 'not-needed'>
  /** How the composed row leaves; mail unless said otherwise. */
  channel?: Channel<Payload>
  /** Waits for the row's turn under a rate limit. */
  pace?(row: RowOf<Row>): Promise<void>
  /** After a failed send, once it is recorded (e.g. suppress a bounced address). */
  afterFailure?(row: RowOf<Row>, error: unknown, permanent: boolean): Promise<void>
  /** At the end of a run: parents with nothing left to send are settled. */
  finish?(): Promise<void>
}

export interface RunOptions {
  /** A run ends (and wakes a successor) after this long: under pg-boss's expiry. */
  maxRunMs?: number
  /** The kind's lease, unless a test shortens it. */
  leaseSeconds?: number
  /**
   * A send starts only with at least this much of its lease left: the
   * channel's worst case, and time to write the record after the answer.
   */
  sendMarginMs?: number
  /** Aborted when the worker stops: no new sends; what is claimed is given back. */
  signal?: AbortSignal
}

/** A streamed attachment the transport never read (e.g. signers read from the database) is closed. */
function discardStreams(mail: SendMailOptions): void {
  for (const attachment of mail.attachments ?? [])
    if (attachment.content instanceof Readable) attachment.content.destroy()
}

const MAX_RUN_MS = 5 * 60_000
/** After the 250, the record is written within this (a group commit lingers 10 ms). */
const RECORD_MARGIN_MS = 5_000
/** What a send needs of its lease on a channel: its worst case and the record's time. */
export const sendMarginFor = (channel: Pick<Channel<unknown>, 'worstCaseMs'>) =>
  channel.worstCaseMs + RECORD_MARGIN_MS
export const SEND_MARGIN_MS = sendMarginFor(MAIL_CHANNEL)
/** What a run the process dies in may repeat: mails being sent, and sent but not recorded. */
export const maxRepeatsAtCrash = (sender: Pick<Sender<unknown, unknown>, 'concurrency'>) =>
  sender.concurrency + RECORD_WINDOW

/**
 * Lets the event loop read what has arrived (the SMTP connections' answers,
 * the web requests beside an in-process worker) before a row is composed:
 * a run of composing never holds a connection's next mail back (decision 047).
 */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Sends every due row of the sender's kind; returns how many rows were claimed. */
export async function runSender<Row, Payload = SendMailOptions>(
  sender: Sender<Row, Payload>,
  options: RunOptions = {},
): Promise<number> {
  const channel = sender.channel ?? (MAIL_CHANNEL as unknown as Channel<Payload>)
  const {
    maxRunMs = MAX_RUN_MS,
    leaseSeconds = sender.kind.leaseSeconds,
    sendMarginMs = sendMarginFor(channel),
    signal,
  } = options
  const { kind, queue: wakeQueue } = sender
  const leaseMs = leaseSeconds * 1000
  if (leaseMs <= sendMarginMs)
    throw new Error(`A ${leaseSeconds} s lease on ${kind.table} leaves no time to send`)
  const recorder = new SentRecorder(kind)
  const started = Date.now()
  const queue: RowOf<Row>[] = []
  let claimed = 0
  let watchdogAt = 0
  let exhausted = false
  let inFlight = 0
  let failure: unknown = null
  let claiming: Promise<void> | null = null

  async function claimBatch(): Promise<void> {
    if (signal?.aborted) {
      exhausted = true
      return
    }
    if (Date.now() - started > maxRunMs) {
      exhausted = true
      await wake(wakeQueue)
      return
    }
    if (Date.now() - watchdogAt > leaseMs / 2) {
      // Should this worker die holding rows, a wake-up at the lease's end lets another take them.
      watchdogAt = Date.now()
      await wakeAt(wakeQueue, new Date(Date.now() + leaseMs))
    }
    const batch = await claimDue(kind, { limit: sender.batchSize, leaseSeconds })
    if (batch.claimed === 0) {
      exhausted = true
      return
    }
    claimed += batch.claimed
    // More than one batch's work: let another worker (if any) join in.
    if (batch.claimed === sender.batchSize) void wake(wakeQueue)
    const rows = sender.prepareBatch
      ? await retryOnConnectionLoss(() => sender.prepareBatch!(batch.rows), {
          forMs: READ_RETRY_MS,
        })
      : batch.rows
    queue.push(...rows)
  }

  function refill(): Promise<void> {
    claiming ??= claimBatch()
      .catch((error: unknown) => {
        failure ??= error
        exhausted = true
      })
      .finally(() => {
        claiming = null
      })
    return claiming
  }

  async function deliver(row: RowOf<Row>): Promise<void> {
    const fail = async (error: unknown, permanent: boolean) => {
      metrics().mailFailed.inc({ kind: kind.table, permanent: String(permanent) })
      await recordFailed(kind, {
        id: row.id,
        error: failureText(error),
        permanent,
        attempts: row.attempts,
        queuedAt: row.queuedAt,
      })
    }
    let mail: Awaited<ReturnType<typeof sender.compose>>
    await yieldToIo()
    try {
      mail = await retryOnConnectionLoss(() => sender.compose(row), { forMs: READ_RETRY_MS })
    } catch (error) {
      // Never a blank in a sent mail: one that no longer renders fails the row.
      await fail(error, error instanceof TemplateError || channel.isPermanent(error))
      return
    }
    if (mail === 'cancelled') return
    if (mail === 'not-needed') return recorder.record(row.id, 'skipped:no-longer-needed')
    await sender.pace?.(row)
    if (signal?.aborted) return releaseClaims(kind, [row])
    let messageId: string
    try {
      // Waited too long for its turn (a low rate, a busy domain, a slow
      // server)? Sending now could race whoever claims it after the lease.
      const startBy = new Date(row.leaseUntil.getTime() - sendMarginMs)
      messageId = (await channel.send(mail, { startBy })).messageId
    } catch (error) {
      channel.discard?.(mail)
      if (error instanceof SendWindowClosedError) {
        // Nothing went out: it goes later, once, with whoever claims it.
        await releaseClaims(kind, [row])
        return
      }
      const permanent = channel.isPermanent(error)
      await fail(error, permanent)
      await sender.afterFailure?.(row, error, permanent)
      return
    }
    // Recorded the moment the server said 250 (or 2xx): only a killed process can repeat it.
    metrics().mailSent.inc({ kind: kind.table })
    await recorder.record(row.id, messageId)
  }

  async function senderLoop(): Promise<void> {
    while (!failure && !signal?.aborted) {
      // Claim ahead, but never more than a batch beyond what is being sent.
      if (!exhausted && queue.length + inFlight < sender.batchSize) void refill()
      const row = queue.shift()
      if (!row) {
        if (exhausted) return
        await refill()
        continue
      }
      inFlight++
      try {
        await deliver(row)
      } catch (error) {
        // The database failed us for good: stop sending, give back the rest, fail the run.
        failure ??= error
      } finally {
        inFlight--
      }
    }
  }

  await Promise.all(Array.from({ length: sender.concurrency }, senderLoop))
  await claiming
  // Claimed and not sent (the worker stops, or the run failed): anyone's again now.
  await releaseClaims(kind, queue.splice(0)).catch((error: unknown) => {
    failure ??= error
  })
  await recorder.drain().catch((error: unknown) => {
    failure ??= error
  })
  if (failure) throw failure
  if (sender.finish) await retryOnConnectionLoss(sender.finish, { forMs: READ_RETRY_MS })
  const due = await nextDueAt(kind)
  // Never an immediate self-wake from here: a row due now is the next run's.
  if (due) await wakeAt(wakeQueue, new Date(Math.max(due.getTime(), Date.now() + 1000)))
  return claimed
}
