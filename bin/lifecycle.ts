import type http from 'node:http'
import { closeTransport, WORST_CASE_SEND_MS } from '../app/mail/transport.server'
import { stopBoss } from '../app/utils/jobs.server'
import { logger } from '../app/utils/logger.server'
import { releaseDatabase } from '../db/prepare'

/**
 * How a Vigil process stops on SIGTERM (and Ctrl-C). The worker's senders
 * hear the signal themselves (jobs/worker.server.ts): they start no new
 * send, finish the ones in progress, record them and give back the rows
 * they hold. Here: pg-boss waits for those jobs, then the mail pool and
 * the database connections close, and on the embedded default the last
 * process to end stops the server. The process then exits 0.
 * See docs/decisions/033-start-and-stop.md.
 */

/** How long running jobs get to end: a send in progress at its worst, and its record. */
export const JOB_DRAIN_MS = WORST_CASE_SEND_MS + 15_000

export async function stopJobsAndDatabase(): Promise<void> {
  await stopBoss({ timeoutMs: JOB_DRAIN_MS }).catch((error: unknown) =>
    logger().error({ err: error }, 'stopping the jobs failed'),
  )
  closeTransport()
  await releaseDatabase()
}

/** Runs `drain` once on the first SIGTERM or SIGINT, then exits (0, or 1 if it failed). */
export function stopOnSignal(drain: () => Promise<void>): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    logger().info({ signal }, 'stopping: finishing requests and sends in progress')
    drain().then(
      () => {
        logger().info('stopped')
        logger().flush()
        process.exit(0)
      },
      (error: unknown) => {
        logger().error({ err: error }, 'stopping failed')
        logger().flush()
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

/** Listens on `port`, or fails with one line a person can act on (the port is taken). */
export function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        const why = error.code === 'EADDRINUSE' ? 'is in use' : 'may not be used by this user'
        const problem = new Error(`port ${port} ${why}: set PORT to a free port.`)
        problem.name = 'StartupError'
        reject(problem)
      } else reject(error)
    }
    server.once('error', failed)
    server.listen(port, () => {
      server.off('error', failed)
      resolve()
    })
  })
}
