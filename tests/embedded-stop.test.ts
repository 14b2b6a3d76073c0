/**
 * The embedded PostgreSQL stops when the last Vigil process that uses it
 * ends (`npm run worker`, the CLI, `npm start` alike), and `vigil db:stop`
 * stops it — but not from under a running Vigil unless told to. On a
 * DATA_DIR of this file's own, never the shared test server.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { embeddedLocation, runningServerPid, stopEmbeddedServer } from '../db/embedded'
import { startVigilProcess } from './helpers/vigil-process'

vi.setConfig({ testTimeout: 180_000 })

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-embedded-stop-'))
fs.chmodSync(dataDir, 0o755) // as root, the server runs as `postgres`, which must reach it
// DATABASE_URL empty (unset, for Vigil): the embedded default.
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  NODE_ENV: 'production',
  DATABASE_URL: '',
}
const serverPid = () => runningServerPid(embeddedLocation(dataDir).clusterDir)

afterAll(async () => {
  await stopEmbeddedServer(dataDir)
  fs.rmSync(dataDir, { recursive: true, force: true })
})

function run(
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const vigil = (...args: string[]) => run('bin/vigil.ts', args)

describe('the embedded PostgreSQL stops with the last Vigil process', () => {
  it('a CLI command alone starts it and stops it again', async () => {
    expect(await vigil('db:stop')).toMatchObject({
      code: 0,
      stdout: `The embedded PostgreSQL in ${dataDir} is not running.\n`,
    })
    const created = await vigil(
      'user:create',
      '--email',
      'ops@example.org',
      '--password',
      'a long enough password',
      '--org',
      'Ops',
    )
    expect(created.code).toBe(0)
    expect(serverPid()).toBeUndefined()
  })

  it('stays while npm run worker uses it, refuses db:stop meanwhile, and stops with the worker', async () => {
    const worker = await startVigilProcess('worker', env)
    try {
      const running = serverPid()
      expect(running).toBeDefined()
      // Another process comes and goes: the worker still holds the server.
      const token = await vigil('token:create', '--email', 'ops@example.org')
      expect(token.code).toBe(0)
      expect(serverPid()).toBe(running)

      const refused = await vigil('db:stop')
      expect(refused.code).toBe(1)
      expect(refused.stdout).toBe('')
      expect(refused.stderr).toContain(`Vigil processes ${worker.child.pid} still use`)
      expect(serverPid()).toBe(running)
    } finally {
      expect(await worker.stop('SIGTERM')).toBe(0)
    }
    expect(serverPid()).toBeUndefined()
  })

  it('db:stop stops a server that a crashed Vigil left running', async () => {
    const crashed = await run('tests/fixtures/embedded-client.ts', ['--crash'])
    expect(crashed.code).toBeNull() // SIGKILL: no clean-up ran
    expect(serverPid()).toBeDefined()
    expect(await vigil('db:stop')).toMatchObject({
      code: 0,
      stdout: `Stopped the embedded PostgreSQL in ${dataDir}.\n`,
    })
    expect(serverPid()).toBeUndefined()
  })

  it('db:stop --force stops it from under a running Vigil', async () => {
    const worker = await startVigilProcess('worker', env)
    expect(serverPid()).toBeDefined()
    const forced = await vigil('db:stop', '--force')
    expect(forced.code).toBe(0)
    expect(serverPid()).toBeUndefined()
    expect(await worker.stop('SIGTERM')).toBe(0)
  })
})
