/**
 * Which Vigil processes use the embedded server in a DATA_DIR: one empty
 * file per process, named by its pid, in DATA_DIR/.embedded-users. The
 * server is stopped when the last of them ends (db/embedded.ts); a file
 * whose process died without cleaning up (SIGKILL) is pruned by the next
 * look. Every change happens under the same lock directory as start-up,
 * so a process that is starting the server and one that is stopping it
 * take turns. See docs/decisions/033-start-and-stop.md.
 */
import fs from 'node:fs'
import path from 'node:path'

const usersDir = (dataDir: string) => path.join(dataDir, '.embedded-users')
export const lockDirOf = (dataDir: string) => path.join(dataDir, '.embedded.lock')

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function lockAgeMs(lockDir: string): number {
  try {
    return Date.now() - fs.statSync(lockDir).mtimeMs
  } catch {
    return 0
  }
}

export function lockOwner(lockDir: string): number {
  try {
    return Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8') || '0')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
}

/** Tries once to take the lock (mkdir is atomic); takes over one whose owner died. */
export function tryLock(lockDir: string): boolean {
  try {
    fs.mkdirSync(lockDir)
    fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    // No pid yet (its owner is between mkdir and write) or gone: wait, or take it over.
    const owner = lockOwner(lockDir)
    if (owner ? !processAlive(owner) : lockAgeMs(lockDir) > 10_000)
      fs.rmSync(lockDir, { recursive: true, force: true })
    return false
  }
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

/**
 * The lock, taken synchronously: for the `exit` event, where nothing
 * asynchronous runs any more.
 */
export function withDirLockSync<T>(lockDir: string, fn: () => T): T {
  const deadline = Date.now() + 30_000
  while (!tryLock(lockDir)) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockDir}`)
    sleepSync(50)
  }
  try {
    return fn()
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true })
  }
}

/** Notes this process as a user of the server (call under the lock). */
export function addUser(dataDir: string, pid = process.pid): void {
  fs.mkdirSync(usersDir(dataDir), { recursive: true })
  fs.writeFileSync(path.join(usersDir(dataDir), String(pid)), '')
}

export function removeUser(dataDir: string, pid = process.pid): void {
  fs.rmSync(path.join(usersDir(dataDir), String(pid)), { force: true })
}

/** The live processes that use the server, other than `except`; dead ones are forgotten. */
export function liveUsers(dataDir: string, { except }: { except?: number } = {}): number[] {
  let names: string[]
  try {
    names = fs.readdirSync(usersDir(dataDir))
  } catch {
    return []
  }
  const live: number[] = []
  for (const name of names) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid))
      fs.rmSync(path.join(usersDir(dataDir), name), { force: true })
    else if (pid !== except) live.push(pid)
  }
  return live
}

export function forgetUsers(dataDir: string): void {
  fs.rmSync(usersDir(dataDir), { recursive: true, force: true })
}
