/**
 * A PostgreSQL server of the test file's own (Vigil's embedded one, in a
 * temporary DATA_DIR), for tests that end backends: never on the shared
 * server other test files use. Points DATABASE_URL (and so db() and
 * pg-boss) at it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import {
  EMBEDDED_DATABASE,
  EMBEDDED_PORT,
  EMBEDDED_USER,
  ensureEmbeddedServer,
  stopEmbeddedServer,
} from '../../db/embedded'
import { migrate } from '../../db/migrate'
import { closeDb, db } from '../../app/utils/db.server'
import { resetEnvCache } from '../../app/utils/env.server'
import { stopBoss } from '../../app/utils/jobs.server'

export interface OwnPostgres {
  /**
   * Ends every backend of this process's pool (application_name
   * `vigil:<pid>`), as a failover or an administrator would; returns how
   * many. Waits (up to a second) for one of them to be running a statement,
   * so that the kill cuts a query in flight, not only idle connections.
   */
  terminatePool(): Promise<number>
  /** Stops the server (fast shutdown: sessions are ended), as a restart or failover begins. */
  stop(): Promise<void>
  /** Starts it again on the same data. */
  start(): Promise<void>
  close(): Promise<void>
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-own-pg-'))
  fs.chmodSync(dataDir, 0o755) // as root, the server runs as `postgres`, which must reach it
  const { socketDir } = await ensureEmbeddedServer(dataDir)
  await stopBoss()
  await closeDb()
  process.env.DATABASE_URL = `postgres://${EMBEDDED_USER}@localhost/${EMBEDDED_DATABASE}?host=${socketDir}&port=${EMBEDDED_PORT}`
  resetEnvCache()
  await migrate(db())
  const admin = postgres({
    path: path.join(socketDir, `.s.PGSQL.${EMBEDDED_PORT}`),
    user: EMBEDDED_USER,
    database: EMBEDDED_DATABASE,
    max: 1,
    connection: { application_name: 'vigil-test-admin' },
    onnotice: () => {},
  })
  const pool = `vigil:${process.pid}`
  return {
    async terminatePool() {
      for (const until = Date.now() + 1000; Date.now() < until;) {
        const [busy] = await admin`
          select 1 from pg_stat_activity where application_name = ${pool} and state = 'active'`
        if (busy) break
      }
      const ended = await admin`
        select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${pool}`
      return ended.length
    },
    async stop() {
      await stopEmbeddedServer(dataDir)
    },
    async start() {
      await ensureEmbeddedServer(dataDir)
    },
    async close() {
      await admin.end()
      await stopBoss()
      await closeDb()
      await stopEmbeddedServer(dataDir)
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
