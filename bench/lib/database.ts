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
