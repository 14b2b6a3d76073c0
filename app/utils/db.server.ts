import path from 'node:path'
import postgres from 'postgres'
import {
  EMBEDDED_DATABASE,
  EMBEDDED_PORT,
  EMBEDDED_USER,
  embeddedLocation,
} from './embedded-location'
import { env } from './env.server'
import { logger } from './logger.server'

export type Sql = postgres.Sql
export type TransactionSql = postgres.TransactionSql

export interface ConnectionTarget {
  /** A connection string, or the embedded server's socket. */
  url?: string
  socketDir?: string
  port: number
  user?: string
  database?: string
}

/**
 * A libpq-style socket URL (`postgres://user@/db?host=/run/postgresql`), which
 * postgres.js does not read by itself, as a socket target.
 */
export function socketTargetFromUrl(databaseUrl: string): ConnectionTarget | null {
  let url: URL
  try {
    url = new URL(databaseUrl)
  } catch {
    return null
  }
  const host = url.searchParams.get('host')
  if (!host?.startsWith('/')) return null
  return {
    socketDir: host,
    port: Number(url.searchParams.get('port') ?? url.port ?? '') || 5432,
    user: decodeURIComponent(url.username) || undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined,
  }
}

/** Where the database is: DATABASE_URL, else the embedded server's socket in DATA_DIR. */
export function connectionTarget(): ConnectionTarget {
  const { DATABASE_URL, dataDir } = env()
  if (DATABASE_URL) return socketTargetFromUrl(DATABASE_URL) ?? { url: DATABASE_URL, port: 5432 }
  return {
    socketDir: embeddedLocation(dataDir).socketDir,
    port: EMBEDDED_PORT,
    user: EMBEDDED_USER,
    database: EMBEDDED_DATABASE,
  }
}

export function createSql(options: { max?: number; name?: string } = {}): Sql {
  const target = connectionTarget()
  const common = {
    max: options.max ?? 10,
    connect_timeout: 5,
    onnotice: () => {},
    transform: { ...postgres.camel, undefined: null },
    connection: { application_name: options.name ?? `vigil:${process.pid}` },
  } satisfies postgres.Options<Record<string, never>>
  if (target.url) return postgres(target.url, common)
  return postgres({
    ...common,
    path: path.join(target.socketDir!, `.s.PGSQL.${target.port}`),
    user: target.user,
    database: target.database,
  })
}

declare global {
  var __vigilSql: Sql | undefined
  var __vigilTypeFetchGuard: boolean | undefined
}

/**
 * The process-wide pool. Kept on globalThis so the server entry (run by tsx)
 * and the Remix build, which bundles its own copy of this module, share it.
 */
export function db(): Sql {
  if (!globalThis.__vigilSql) {
    letDroppedTypeFetchesGo()
    globalThis.__vigilSql = createSql()
  }
  return globalThis.__vigilSql
}

/**
 * postgres.js runs an array-types query first on each new connection and
 * drops its promise (porsager/postgres#1192, #1223): when that connection
 * is ended at that moment (a database restart, a failover) the rejection
 * has no listener, and Node ends the process, taking every request in
 * flight with it. That failure is harmless (the connection is replaced,
 * and each caller's own query answers for itself), so it alone is logged
 * and let go; any other unhandled rejection still ends the process.
 */
export function letDroppedTypeFetchesGo(): void {
  if (globalThis.__vigilTypeFetchGuard) return
  globalThis.__vigilTypeFetchGuard = true
  process.on('unhandledRejection', (reason) => {
    if (!isTypeFetchFailure(reason)) throw reason
    logger().warn(
      { code: (reason as { code?: string }).code },
      'a new database connection failed while reading its types; it is replaced',
    )
  })
}

function isTypeFetchFailure(reason: unknown): boolean {
  const query = (reason as { query?: unknown } | null)?.query
  return (
    reason instanceof Error &&
    typeof query === 'string' &&
    /from pg_catalog\.pg_type a\s+left join pg_catalog\.pg_type b on b\.oid = a\.typelem/.test(
      query,
    )
  )
}

export async function closeDb(): Promise<void> {
  const sql = globalThis.__vigilSql
  globalThis.__vigilSql = undefined
  await sql?.end({ timeout: 5 })
}

/**
 * Runs `fn` in one transaction: a service whose use case spans several
 * models' changes (a case's new status, its petitions and its mail) passes
 * `tx` to each, so they commit together or not at all.
 */
export function transaction<T>(fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
  return db().begin(fn) as Promise<T>
}

/**
 * A sweep that must never hold many rows locked at once: `step` runs in a
 * transaction of its own, again and again, until one touches fewer than
 * `batch` rows. Returns the rows touched in all.
 */
export async function inBatches(
  batch: number,
  step: (tx: TransactionSql) => Promise<number>,
): Promise<number> {
  let total = 0
  for (;;) {
    const done = await transaction(step)
    total += done
    if (done < batch) return total
  }
}

/** Runs `fn` in the caller's transaction when it passes one, else in a new one. */
export function inTransaction<T>(
  sql: Sql | TransactionSql,
  fn: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  if ('savepoint' in sql) return fn(sql as TransactionSql)
  return (sql as Sql).begin(fn) as Promise<T>
}

/**
 * `and (a ilike '%q%' or b ilike …)` for a dashboard search box over these
 * columns (constants of the caller's), or nothing for an empty search.
 */
export function matchesSearch(sql: Sql, q: string | undefined, columns: readonly string[]) {
  const term = q?.trim()
  if (!term) return sql``
  const pattern = `%${escapeLike(term)}%`
  return sql`and (${columns.map((column, i) => sql`${i ? sql`or` : sql``} ${sql(column)} ilike ${pattern}`)})`
}

/** A search term with LIKE's wildcards (`%`, `_`) and escape (`\`) taken literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * Errors that say the connection went away (a restarted server, a killed
 * backend, a reset socket), not that the statement was wrong: postgres.js
 * opens a new connection for the next query, so the same statement may well
 * succeed there. A pool ended on purpose (CONNECTION_ENDED, _DESTROYED) is
 * not among them: the process is stopping.
 */
const CONNECTION_LOSS = new Set([
  'CONNECTION_CLOSED',
  'CONNECT_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOENT',
  'ETIMEDOUT',
  // PostgreSQL: admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now.
  '57P01',
  '57P02',
  '57P03',
])

export function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return false
  // Class 08: connection exceptions.
  return CONNECTION_LOSS.has(code) || code.startsWith('08')
}

/** Reads that meet a lost connection are tried again for this long before they fail. */
export const READ_RETRY_MS = 30_000

/**
 * Runs `statement` again, with a short backoff (50 ms doubling to 2 s), for
 * as long as it fails because the connection was lost — at most `forMs`
 * (by default while the process lives). Only for statements that may run
 * twice: one whose commit was lost with its connection is run again.
 * `onLoss` hears of each lost connection before the wait.
 */
export async function retryOnConnectionLoss<T>(
  statement: () => Promise<T>,
  { forMs = Infinity, onLoss }: { forMs?: number; onLoss?: (error: unknown) => void } = {},
): Promise<T> {
  const giveUpAt = Date.now() + forMs
  for (let delay = 50; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await statement()
    } catch (error) {
      if (!isConnectionLoss(error) || Date.now() + delay > giveUpAt) throw error
      onLoss?.(error)
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}
