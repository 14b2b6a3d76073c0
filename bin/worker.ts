/**
 * `npm run worker`: the background worker alone, for deployments that run
 * web and worker apart (then start the web with VIGIL_WORKER=off).
 */
import { startWorker } from '../app/jobs/worker.server'
import { closeDb } from '../app/utils/db.server'
import { stopBoss } from '../app/utils/jobs.server'
import { closeTransport } from '../app/mail/transport.server'
import { prepareDatabase } from '../db/prepare'
import { exitOnStartupError } from './startup'

try {
  await prepareDatabase()
  await startWorker()
  console.log('Vigil worker running (mail, counts and schedules). Stop with Ctrl-C.')
} catch (error) {
  exitOnStartupError(error)
}

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await stopBoss().catch(() => {})
  closeTransport()
  await closeDb()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
