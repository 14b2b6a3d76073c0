/**
 * `npm run worker`: the background worker alone, for deployments that run
 * web and worker apart (then start the web with VIGIL_WORKER=off). SIGTERM
 * lets the sends in progress finish and gives back the rest (bin/lifecycle.ts).
 * With PORT set, it answers /metrics and /healthz there (bin/worker-http.ts).
 */
import { startWorker } from '../app/jobs/worker.server'
import { env } from '../app/utils/env.server'
import { prepareDatabase } from '../db/prepare'
import { stopJobsAndDatabase, stopOnSignal } from './lifecycle'
import { exitOnStartupError } from './startup'
import { serveWorkerEndpoints } from './worker-http'

try {
  await prepareDatabase()
  // Bound before the worker starts, as the web's port is: a taken port runs no job.
  const port = process.env.PORT ? env().PORT : null
  const endpoints = port === null ? null : await serveWorkerEndpoints(port)
  await startWorker()
  stopOnSignal(async () => {
    endpoints?.close()
    await stopJobsAndDatabase()
  })
  console.log(
    `Vigil worker running (mail, counts and schedules${port === null ? '' : `; /metrics on port ${port}`}). Stop with Ctrl-C.`,
  )
} catch (error) {
  exitOnStartupError(error)
}
