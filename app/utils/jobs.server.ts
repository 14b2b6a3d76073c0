import PgBoss from 'pg-boss'
import { connectionTarget } from './db.server'

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
 * The process-wide pg-boss, started (and its schema migrated) once. Web
 * processes only send; the worker (jobs/worker.server.ts) also works.
 */
export function boss(): Promise<PgBoss> {
  globalThis.__vigilBoss ??= (async () => {
    const instance = createBoss()
    instance.on('error', (error) => console.error('[jobs]', error.message))
    await instance.start()
    for (const name of [QUEUES.mailOutbound, QUEUES.countsRollup, QUEUES.statsRollup]) {
      await instance.createQueue(name, { name, policy: 'short' })
    }
    await instance.createQueue(QUEUES.countsRepair, {
      name: QUEUES.countsRepair,
      policy: 'singleton',
    })
    // Imports carry their own id: every confirmed import is a job of its own.
    await instance.createQueue(QUEUES.officialsImport, {
      name: QUEUES.officialsImport,
      retryLimit: 3,
      retryDelay: 5,
    })
    return instance
  })().catch((error) => {
    globalThis.__vigilBoss = undefined
    throw error
  })
  return globalThis.__vigilBoss
}

/**
 * Wakes a queue. Never fails the caller: the work is already recorded in
 * Vigil's tables, and the worker's periodic sweep picks it up regardless.
 */
export async function wake(queue: QueueName, options: PgBoss.SendOptions = {}): Promise<void> {
  try {
    await (await boss()).send(queue, {}, options)
  } catch (error) {
    console.error(`[jobs] could not wake ${queue}:`, (error as Error).message)
  }
}

export async function stopBoss(): Promise<void> {
  const pending = globalThis.__vigilBoss
  globalThis.__vigilBoss = undefined
  if (pending) await (await pending).stop({ graceful: true, timeout: 10_000, wait: true })
}
