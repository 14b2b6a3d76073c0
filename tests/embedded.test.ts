/**
 * The embedded default, as separate Vigil processes meet it: no
 * DATABASE_URL, one DATA_DIR. The first process starts a real PostgreSQL
 * server there; others (started at the same moment too) reach it through its
 * socket; it outlives a crash of the process that started it (the
 * automatic stop and `vigil db:stop`: tests/embedded-stop.test.ts).
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { embeddedLocation, runningServerPid, stopEmbeddedServer } from '../db/embedded'

const run = promisify(execFile)
const isRoot = process.getuid?.() === 0
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-embedded-'))
fs.chmodSync(dataDir, 0o755) // as root, the server runs as `postgres`, which must reach it

interface Report {
  migrations: number
  organizations: number
  embedded: boolean
  serverPid: number
  demo: boolean
}

async function vigilProcess(args: string[] = [], dir = dataDir): Promise<Report> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, NODE_ENV: 'production' }
  delete env.DATABASE_URL
  const { stdout } = await run('npx', ['tsx', 'tests/fixtures/embedded-client.ts', ...args], {
    env,
    timeout: 90_000,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    // --crash ends with SIGKILL after printing its report.
    if (error.stdout?.trim()) return { stdout: error.stdout }
    throw new Error(`${error.message}\n${error.stderr ?? ''}`)
  })
  return JSON.parse(stdout.trim().split('\n').pop()!) as Report
}

afterAll(async () => {
  await stopEmbeddedServer(dataDir)
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('embedded PostgreSQL default', () => {
  it('starts once for processes that arrive together, migrates once, and seeds the demo', async () => {
    const reports = await Promise.all([
      vigilProcess(['--seed']),
      vigilProcess(['--seed']),
      vigilProcess(),
    ])
    expect(new Set(reports.map((r) => r.serverPid)).size).toBe(1)
    expect(reports.every((r) => r.embedded)).toBe(true)
    const migrations = fs.readdirSync('db/migrations').filter((f) => f.endsWith('.sql')).length
    expect(reports.every((r) => r.migrations === migrations)).toBe(true)
    // Exactly one of the seeding processes created the demo organization.
    expect(reports.filter((r) => r.demo)).toHaveLength(1)
    // (Left running by a crash, so that its postmaster.pid can be read.)
    expect((await vigilProcess(['--crash'])).organizations).toBe(1)
    // Only a Unix socket in DATA_DIR: nothing listens on TCP.
    const conf = fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')
    expect(conf).toContain(embeddedLocation(dataDir).socketDir)
  }, 180_000)

  it('outlives a crash of the process that uses it, and serves the next one', async () => {
    const before = await vigilProcess(['--crash'])
    expect(runningServerPid(embeddedLocation(dataDir).clusterDir)).toBe(before.serverPid)
    const after = await vigilProcess()
    expect(after.serverPid).toBe(before.serverPid)
    expect(after.organizations).toBe(before.organizations)
  }, 120_000)

  it('restarts a stopped server and keeps the data', async () => {
    const before = await vigilProcess()
    await stopEmbeddedServer(dataDir)
    expect(runningServerPid(embeddedLocation(dataDir).clusterDir)).toBeUndefined()
    const after = await vigilProcess()
    expect(after.serverPid).not.toBe(before.serverPid)
    expect(after.organizations).toBe(before.organizations)
  }, 120_000)

  it.skipIf(!isRoot)(
    'says in one line what to do when the postgres user cannot reach DATA_DIR',
    async () => {
      const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-closed-'))
      fs.chmodSync(closed, 0o700)
      try {
        const error = await vigilProcess([], path.join(closed, 'data')).then(
          () => null,
          (e: Error) => e.message,
        )
        expect(error).toMatch(/cannot reach DATA_DIR/)
        expect(error).toMatch(/set DATA_DIR to a directory it can reach/)
      } finally {
        fs.rmSync(closed, { recursive: true, force: true })
      }
    },
    60_000,
  )
})
