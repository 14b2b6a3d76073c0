/**
 * A new connection whose first statement (postgres.js's array-types query)
 * fails does not end the process (db.server.ts, letDroppedTypeFetchesGo):
 * postgres.js drops that query's promise, so without the guard Node ends
 * the process on the unhandled rejection — as a database restart would
 * have done to every web process.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '..')
const fixture = path.join(root, 'tests/fixtures/type-fetch-cancelled.ts')
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  NODE_ENV: 'test' as const,
}

function child(...args: string[]) {
  return run('npx', ['tsx', fixture, ...args], { cwd: root, env, timeout: 60_000 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({
      code: error.code ?? 1,
      stdout: error.stdout ?? '',
    }),
  )
}

describe('a new connection whose type query fails', () => {
  it('ends an unguarded process (the fault is real), and leaves Vigil running', async () => {
    const [unguarded, guarded] = await Promise.all([child('--unguarded'), child()])
    expect(unguarded.code).not.toBe(0)
    expect(unguarded.stdout).not.toContain('alive')
    expect(guarded).toEqual({ code: 0, stdout: 'alive\n' })
  })
})
