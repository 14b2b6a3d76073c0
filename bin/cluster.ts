import cluster, { type Worker } from 'node:cluster'
import { startWorker } from '../app/jobs/worker.server'
import { refreshDatabaseGauges } from '../app/services/metrics.server'
import { env } from '../app/utils/env.server'
import { serveClusterMetrics } from '../app/utils/metrics.server'
import { ensureSessionSecret } from '../app/utils/session-secret.server'
import { prepareDatabase } from '../db/prepare'
import { stopJobsAndDatabase, stopOnSignal } from './lifecycle'
import { describeDefaults } from './startup'

/**
 * `npm start` with WEB_CONCURRENCY=N above 1 (decision 042): this process,
 * the primary, gets the database ready and forks N web processes that share
 * one port (node:cluster). Once all of them listen (a taken port stops here,
 * before any job), the primary runs the one worker and says the start-up
 * block. It answers the web processes' /metrics with the sum of every
 * process's counters (app/utils/metrics.server.ts). SIGTERM: the primary
 * forwards it, each web process drains as a single one does
 * (bin/serve.ts), and once all have exited the primary stops the jobs and
 * lets go of the database (the embedded server stops with the last user).
 */
export async function startCluster(count: number): Promise<void> {
  const settings = env()
  const secret = ensureSessionSecret()
  const prepared = await prepareDatabase({ seed: true })
  serveClusterMetrics(refreshDatabaseGauges)
  const children: Worker[] = []
  const exited = new Map<Worker, Promise<void>>()
  const listening = (child: Worker) =>
    new Promise<void>((resolve, reject) => {
      child.once('listening', () => resolve())
      child.once('exit', (code) =>
        reject(new Error(`a web process exited (${code}) before it listened`)),
      )
    })
  const ready: Promise<void>[] = []
  for (let i = 0; i < count; i++) {
    const child = cluster.fork({ VIGIL_WEB_CHILD: '1' })
    children.push(child)
    exited.set(child, new Promise((resolve) => child.once('exit', () => resolve())))
    ready.push(listening(child))
  }
  try {
    await Promise.all(ready)
  } catch {
    // The child said why (e.g. the port is taken); the others stop, the start fails.
    for (const child of children) child.process.kill('SIGTERM')
    await Promise.all(exited.values())
    await stopJobsAndDatabase()
    process.exit(1)
  }
  const worker = settings.VIGIL_WORKER === 'on'
  if (worker) await startWorker()
  console.log(
    describeDefaults({ settings, prepared, secretGenerated: secret.generated, worker }) +
      `\n  web:      ${count} processes on port ${settings.PORT} (WEB_CONCURRENCY)`,
  )
  stopOnSignal(async () => {
    for (const child of children) if (child.isConnected()) child.process.kill('SIGTERM')
    await Promise.all(exited.values())
    const failed = children.filter((child) => child.process.exitCode !== 0)
    await stopJobsAndDatabase()
    if (failed.length) throw new Error(`${failed.length} web processes did not stop cleanly`)
  })
}
