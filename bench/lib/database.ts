import postgres from 'postgres'
import { migrate } from '../../db/migrate'
import { closeDb, db, socketTargetFromUrl } from '../../app/utils/db.server'
import { resetEnvCache } from '../../app/utils/env.server'

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

/** The same server as `adminUrl`, another database. */
export function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}

function adminConnection(adminUrl: string) {
  const socket = socketTargetFromUrl(adminUrl)
  const options = { max: 1, onnotice: () => {} }
  if (!socket) return postgres(adminUrl, options)
  return postgres({
    ...options,
    path: `${socket.socketDir}/.s.PGSQL.${socket.port}`,
    user: socket.user,
    database: socket.database,
  })
}

export interface BenchDatabase {
  url: string
  serverVersion: string
}

/**
 * A fresh, migrated database for this run, so figures never depend on what
 * an earlier run (or anyone else) left behind. Only the bench's own database
 * is dropped. Afterwards this process's `db()` points at it.
 */
export async function createBenchDatabase({
  adminUrl,
  name,
}: {
  adminUrl: string
  name: string
}): Promise<BenchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe database name: ${name}`)
  const admin = adminConnection(adminUrl)
  let serverVersion: string
  try {
    const [row] = await admin<{ server_version: string }[]>`show server_version`
    serverVersion = row!.server_version
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.unsafe(`create database ${name}`)
  } finally {
    await admin.end({ timeout: 5 })
  }
  const url = withDatabase(adminUrl, name)
  await closeDb()
  process.env.DATABASE_URL = url
  resetEnvCache()
  await migrate(db())
  return { url, serverVersion }
}

/** Autovacuum workers busy in this process's database now, and on which tables. */
export async function autovacuumActivity(): Promise<string[]> {
  const rows = await db()<{ query: string }[]>`
    select query from pg_stat_activity
    where backend_type = 'autovacuum worker' and datname = current_database()`
  return rows.map((row) => row.query.replace(/^autovacuum:\s*/, ''))
}

/**
 * After a bulk load: the tables vacuumed and analyzed, as a database that
 * gathered those rows over days would long have had them, written out by a
 * checkpoint, and no autovacuum worker left busy in the database (at most
 * `forMs`), so that what the load left to do is not billed to the
 * benchmark that follows. Returns the seconds it took.
 */
export async function settleDatabase({
  tables,
  forMs = 180_000,
}: {
  tables: string[]
  forMs?: number
}): Promise<number> {
  const started = performance.now()
  for (const table of tables) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`Unsafe table name: ${table}`)
    await db().unsafe(`vacuum (analyze) ${table}`)
  }
  await db()`checkpoint`
  for (const deadline = Date.now() + forMs; Date.now() < deadline;) {
    if ((await autovacuumActivity()).length === 0) break
    await new Promise((r) => setTimeout(r, 500))
  }
  return (performance.now() - started) / 1000
}
