/**
 * `npm start` (bin/start.mjs) builds only when the sources changed: a
 * second start on the same sources runs the compiled server as it is, and
 * an edited source is built again before it serves. It runs in a copy of
 * the checkout, so its builds never touch the build/ that other test files
 * are serving from at the same time.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from './helpers/server'
import { startVigilProcess } from './helpers/vigil-process'

const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-start-fast-'))
const compiled = path.join(checkout, 'build/vigil-server.js')
const probe = path.join(checkout, 'emails/.start-fast-probe')

beforeAll(() => {
  for (const dir of ['app', 'bin', 'db', 'emails', 'public'])
    fs.cpSync(path.resolve(dir), path.join(checkout, dir), {
      recursive: true,
      filter: (source) => source !== path.resolve('public/build'),
    })
  for (const file of ['package.json', 'package-lock.json', 'remix.config.js', 'tsconfig.json'])
    fs.copyFileSync(path.resolve(file), path.join(checkout, file))
  fs.symlinkSync(path.resolve('node_modules'), path.join(checkout, 'node_modules'))
})
afterAll(() => fs.rmSync(checkout, { recursive: true, force: true }))

async function startAndStop(): Promise<{ output: string; mtimeMs: number }> {
  const port = await freePort()
  const vigil = await startVigilProcess(
    'start',
    {
      PORT: String(port),
      VIGIL_WORKER: 'off',
      NODE_ENV: 'test',
    },
    { cwd: checkout },
  )
  const health = await fetch(`http://127.0.0.1:${port}/healthz`)
  expect(health.status).toBe(200)
  expect(await vigil.stop()).toBe(0)
  return { output: vigil.output(), mtimeMs: fs.statSync(compiled).mtimeMs }
}

describe('npm start', () => {
  it('builds when a source changed and not when none did', async () => {
    fs.rmSync(probe, { force: true })
    const first = await startAndStop()

    const again = await startAndStop()
    expect(again.output).toContain('build: up to date, not rebuilt')
    expect(again.output).not.toContain('building')
    expect(again.mtimeMs).toBe(first.mtimeMs)

    fs.writeFileSync(probe, 'a changed source\n')
    const changed = await startAndStop()
    expect(changed.output).toContain('build: sources changed since the last build, building')
    expect(changed.mtimeMs).toBeGreaterThan(first.mtimeMs)
  }, 180_000)
})
