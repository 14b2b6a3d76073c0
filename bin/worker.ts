/**
 * `npm run worker`: the background worker alone, for deployments that run
 * web and worker apart (then start the web with VIGIL_WORKER=off). SIGTERM
 * lets the sends in progress finish and gives back the rest (bin/lifecycle.ts).
 */
import { startWorker } from '../app/jobs/worker.server'
import { prepareDatabase } from '../db/prepare'
import { stopJobsAndDatabase, stopOnSignal } from './lifecycle'
import { exitOnStartupError } from './startup'

try {
  await prepareDatabase()
  await startWorker()
  stopOnSignal(stopJobsAndDatabase)
  console.log('Vigil worker running (mail, counts and schedules). Stop with Ctrl-C.')
} catch (error) {
  exitOnStartupError(error)
}
