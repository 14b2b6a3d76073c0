/**
 * `npm start` (bin/start.mjs) builds only when the sources changed: a
 * second start on the same sources runs the compiled server as it is, and
 * an edited source is built again before it serves.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from './helpers/server'
import { startVigilProcess } from './helpers/vigil-process'

const compiled = path.resolve('build/vigil-server.js')
const probe = path.resolve('emails/.start-fast-probe')

afterAll(() => fs.rmSync(probe, { force: true }))

async function startAndStop(): Promise<{ output: string; mtimeMs: number }> {
  const port = await freePort()
  const vigil = await startVigilProcess('start', {
    PORT: String(port),
    VIGIL_WORKER: 'off',
    NODE_ENV: 'test',
  })
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
