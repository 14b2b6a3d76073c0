import PgBoss from 'pg-boss'
import { connectionTarget } from './db.server'
import { logger } from './logger.server'

/**
 * pg-boss runs every background job. Queues that are "wake-ups" for work kept
 * as Vigil's own rows (mail, counts) use the `short` policy: at most one job
 * waits, so waking them on every signature costs one cheap insert.
 */
export const QUEUES = {
  mailOutbound: 'mail.outbound',
  countsRollup: 'counts.rollup',
  countsRepair: 'counts.repair',
  statsRollup: 'stats.rollup',
  officialsImport: 'officials.import',
  campaignFanout: 'campaign.fanout',
  campaignDelivery: 'campaign.delivery',
  outreachDelivery: 'outreach.delivery',
  lettersDigest: 'letters.digest',
  watchDigest: 'watch.digest',
  casesImport: 'cases.import',
  regionsBackfill: 'regions.backfill',
  webhookDelivery: 'webhook.delivery',
  privacyRetention: 'privacy.retention',
} as const

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]

declare global {
  var __vigilBoss: Promise<PgBoss> | undefined
}

function createBoss(): PgBoss {
  const target = connectionTarget()
  const base = { application_name: `vigil-jobs:${process.pid}`, max: 4 }
  return target.url
    ? new PgBoss({ ...base, connectionString: target.url })
    : new PgBoss({
        ...base,
        host: target.socketDir,
        port: target.port,
        user: target.user,
        database: target.database,
      })
}

/**
 * Creates a queue unless it exists. Several processes starting at once on
 * a new database (two web instances, two workers) create the same queues
 * together, and pg-boss's create_queue can then deadlock (40P01) or meet
 * the other's row (23505): the loser looks again after a moment.
 */
async function createQueueOnce(
  instance: PgBoss,
  name: string,
  options: PgBoss.Queue,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (await instance.getQueue(name)) return
      await instance.createQueue(name, options)
      return
    } catch (error) {
      const code = (error as { code?: string }).code
      if (attempt >= 10 || (code !== '40P01' && code !== '23505')) throw error
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100))
    }
  }
}

/**
 * The process-wide pg-boss, started (and its schema migrated) once. Web
 * processes only send; the worker (jobs/worker.server.ts) also works.
 */
export function boss(): Promise<PgBoss> {
  globalThis.__vigilBoss ??= (async () => {
    const instance = createBoss()
    instance.on('error', (error) => logger().error({ err: error }, 'pg-boss'))
    await instance.start()
    for (const name of [
      QUEUES.mailOutbound,
      QUEUES.countsRollup,
      QUEUES.statsRollup,
      QUEUES.campaignFanout,
      QUEUES.campaignDelivery,
      QUEUES.outreachDelivery,
      QUEUES.lettersDigest,
      QUEUES.watchDigest,
      QUEUES.regionsBackfill,
      QUEUES.webhookDelivery,
      QUEUES.privacyRetention,
    ]) {
      await createQueueOnce(instance, name, { name, policy: 'short' })
    }
    await createQueueOnce(instance, QUEUES.countsRepair, {
      name: QUEUES.countsRepair,
      policy: 'singleton',
    })
    // Imports carry their own id: every confirmed import is a job of its own.
    for (const name of [QUEUES.officialsImport, QUEUES.casesImport])
      await createQueueOnce(instance, name, { name, retryLimit: 3, retryDelay: 5 })
    return instance
  })().catch((error) => {
    globalThis.__vigilBoss = undefined
    throw error
  })
  return globalThis.__vigilBoss
}

async function send(queue: QueueName, options: PgBoss.SendOptions): Promise<void> {
  try {
    await (await boss()).send(queue, {}, options)
  } catch (error) {
    logger().warn({ queue, err: error }, 'could not wake a queue')
  }
}

interface WakeLane {
  running: Promise<void> | null
  queued: Promise<void> | null
  /** When the last plain wake of this queue was sent (ms since the epoch). */
  sentAt: number
}
const lanes = new Map<QueueName, WakeLane>()

/** At most one plain wake per queue and process starts within this long. */
export const WAKE_WINDOW_MS = 100

/**
 * Wakes a queue. Never fails the caller: the work is already recorded in
 * Vigil's tables, and the worker's periodic sweep picks it up regardless.
 *
 * Plain wakes are coalesced per queue (decision 045): at most one is sent
 * at a time and at most one starts per WAKE_WINDOW_MS. One asked for
 * meanwhile waits for the next send, which starts when the current one has
 * ended and the window has passed, and serves everyone who asked in
 * between. Each caller still gets a send that began after its own rows were
 * committed, so no wake-up is lost; a surge of signatures costs ten pg-boss
 * inserts a second instead of one each (the `short` policy would drop the
 * extra jobs anyway).
 */
export function wake(queue: QueueName, options?: PgBoss.SendOptions): Promise<void> {
  if (options && Object.keys(options).length > 0) return send(queue, options)
  let lane = lanes.get(queue)
  if (!lane) lanes.set(queue, (lane = { running: null, queued: null, sentAt: 0 }))
  const current = lane
  if (!current.running && !current.queued && Date.now() - current.sentAt >= WAKE_WINDOW_MS) {
    current.sentAt = Date.now()
    current.running = send(queue, {}).finally(() => {
      current.running = null
    })
    return current.running
  }
  current.queued ??= (async () => {
    await current.running
    const wait = current.sentAt + WAKE_WINDOW_MS - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    current.queued = null
    return wake(queue)
  })()
  return current.queued
}

/**
 * Wakes a queue at `at` (pg-boss `startAfter`): a message's or an
 * outreach's time, a retry falling due, a lease running out. A time
 * already come wakes it now. One waiting wake per queue and second, so an
 * earlier one is never refused for a later one already waiting.
 */
export function wakeAt(queue: QueueName, at: Date): Promise<void> {
  if (at.getTime() <= Date.now()) return wake(queue)
  const second = Math.ceil(at.getTime() / 1000)
  return send(queue, { startAfter: new Date(second * 1000), singletonKey: `at:${second}` })
}

/**
 * Stops pg-boss: no new jobs are fetched, and the running ones (a sender
 * finishing its sends in progress) get up to `timeoutMs` to end.
 */
export async function stopBoss({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}): Promise<void> {
  const pending = globalThis.__vigilBoss
  globalThis.__vigilBoss = undefined
  if (pending) await (await pending).stop({ graceful: true, timeout: timeoutMs, wait: true })
}
