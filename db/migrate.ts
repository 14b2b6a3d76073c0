/**
 * Forward-only migrations: db/migrations/NNNNN_name.sql, applied in order
 * under a session advisory lock so that instances starting together take
 * turns (each asks for it again until it has it: `takeLock`). Each file runs in its own transaction unless its first line is
 * `-- vigil:no-transaction` (e.g. CREATE INDEX CONCURRENTLY).
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Sql } from '../app/utils/db.server'

// From db/ (tsx) or build/ (the compiled bundle, bin/start.mjs): both sit beside db/.
const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'db',
  'migrations',
)
const LOCK_KEY = 7_151_977_001 // any constant unique to Vigil's migrations
const LOCK_RETRY_MS = 100

export interface Migration {
  version: number
  name: string
  sql: string
  transactional: boolean
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{5}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const sql = fs.readFileSync(path.join(dir, file), 'utf8')
      return {
        version: Number(file.slice(0, 5)),
        name: file.replace(/\.sql$/, ''),
        sql,
        transactional: !sql.startsWith('-- vigil:no-transaction'),
      }
    })
}

/**
 * Waits for the migration lock by asking again every LOCK_RETRY_MS, never
 * inside one waiting statement: a statement that waits keeps its snapshot
 * open, and CREATE INDEX CONCURRENTLY in the instance holding the lock
 * waits for every such snapshot to end, so two instances starting together
 * deadlocked on the first concurrent index.
 */
async function takeLock(conn: Sql): Promise<void> {
  for (;;) {
    const [row] = await conn<
      { locked: boolean }[]
    >`select pg_try_advisory_lock(${LOCK_KEY}) as locked`
    if (row!.locked) return
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS))
  }
}

/** Applies what is pending; returns the names applied. */
export async function migrate(sql: Sql, migrations = readMigrations()): Promise<string[]> {
  const applied: string[] = []
  await sql.reserve().then(async (conn) => {
    try {
      await takeLock(conn)
      await conn`
        create table if not exists schema_migrations (
          version integer primary key,
          name text not null,
          applied_at timestamptz not null default now()
        )`
      const done = new Set(
        (await conn<{ version: number }[]>`select version from schema_migrations`).map(
          (r) => r.version,
        ),
      )
      for (const m of migrations) {
        if (done.has(m.version)) continue
        if (m.transactional) {
          await conn
            .unsafe(
              `begin; ${m.sql}\n; insert into schema_migrations (version, name) values (${m.version}, '${m.name}'); commit;`,
            )
            .catch(async (error) => {
              await conn.unsafe('rollback').catch(() => {})
              throw error
            })
        } else {
          await conn.unsafe(m.sql)
          await conn`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`
        }
        applied.push(m.name)
      }
    } finally {
      await conn`select pg_advisory_unlock(${LOCK_KEY})`.catch(() => {})
      conn.release()
    }
  })
  return applied
}
