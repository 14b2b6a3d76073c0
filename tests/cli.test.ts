/**
 * The operator's CLI as a script meets it: a child process (`npx tsx
 * bin/vigil.ts …`) whose stdout is the result alone, with errors on stderr
 * and a non-zero exit code. On this file's database (DATABASE_URL) and on the
 * embedded server in a fresh DATA_DIR.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { getOrganizerForApiToken } from '../app/models/api-token.server'
import { verifyLogin } from '../app/models/user.server'
import { db } from '../app/utils/db.server'
import { stopEmbeddedServer } from '../db/embedded'
import { makeOrganizer } from './helpers/organizers'

// Each run is a fresh Node process (a few seconds on a busy machine).
vi.setConfig({ testTimeout: 180_000 })

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function vigil(
  args: string[],
  { stdin, env = process.env }: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'bin/vigil.ts', ...args], { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin ?? '')
  })
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n$/
const TOKEN = /^vigil_[\w-]{43}\n$/
const PASSWORD = 'a long cli password'

describe('vigil CLI on DATABASE_URL', () => {
  it('user:create prints the new id alone; the first member of a new organization is its admin', async () => {
    const run = await vigil([
      'user:create',
      '--email',
      'First.Admin@Example.org',
      '--password',
      PASSWORD,
      '--org',
      'CLI Org',
    ])
    expect(run.stderr).not.toMatch(/vigil user:create/)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(UUID)
    const id = run.stdout.trim()
    const [row] = await db()<{ role: string; name: string }[]>`
      select m.role, o.name from memberships m join organizations o on o.id = m.organization_id
      where m.user_id = ${id}`
    expect(row).toEqual({ role: 'admin', name: 'CLI Org' })
    expect((await verifyLogin({ email: 'first.admin@example.org', password: PASSWORD }))?.id).toBe(
      id,
    )
  })

  it('reads --password-stdin, takes --role, and needs no --org when one organization exists', async () => {
    const run = await vigil(
      ['user:create', '--email', 'second@example.org', '--password-stdin', '--role', 'organizer'],
      { stdin: 'stdin password here\n' },
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(UUID)
    const [row] = await db()<{ role: string }[]>`
      select role from memberships where user_id = ${run.stdout.trim()}`
    expect(row!.role).toBe('organizer')
    expect(
      await verifyLogin({ email: 'second@example.org', password: 'stdin password here' }),
    ).not.toBeNull()
  })

  it('token:create prints a token alone that authenticates as that organizer', async () => {
    const run = await vigil(['token:create', '--email', 'second@example.org'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(TOKEN)
    const organizer = await getOrganizerForApiToken(run.stdout.trim())
    expect(organizer).toMatchObject({
      email: 'second@example.org',
      organizationName: 'CLI Org',
      role: 'organizer',
    })
  })

  it('refuses mistakes on stderr with a non-zero exit and nothing on stdout', async () => {
    const { user } = await makeOrganizer({ organizationName: 'CLI Org' })
    const cases: { args: string[]; stdin?: string; error: RegExp }[] = [
      {
        args: ['user:create', '--email', user.email.toUpperCase(), '--password', PASSWORD],
        error: /already exists/,
      },
      { args: ['user:create', '--email', 'not-an-email', '--password', PASSWORD], error: /email/ },
      { args: ['user:create', '--email', 'x@example.org', '--password', 'short'], error: /10/ },
      { args: ['user:create', '--email', 'x@example.org'], error: /--password-stdin/ },
      {
        args: ['user:create', '--email', 'x@example.org', '--password', PASSWORD, '--role', 'boss'],
        error: /admin or organizer/,
      },
      { args: ['user:create', '--emial', 'x@example.org'], error: /Unknown option/ },
      { args: ['token:create', '--email', 'nobody@example.org'], error: /No user/ },
      { args: ['frobnicate'], error: /Unknown command/ },
    ]
    const runs = await Promise.all(cases.map((c) => vigil(c.args, { stdin: c.stdin })))
    for (const [i, c] of cases.entries()) {
      const run = runs[i]!
      expect(run.code, c.args.join(' ')).not.toBe(0)
      expect(run.stdout, c.args.join(' ')).toBe('')
      expect(run.stderr, c.args.join(' ')).toMatch(c.error)
    }
  })

  it('asks for --org once several organizations exist', async () => {
    const other = await vigil([
      'user:create',
      '--email',
      'other@example.org',
      '--password',
      PASSWORD,
      '--org',
      'Other Org',
    ])
    expect(other.code).toBe(0)
    const run = await vigil(['user:create', '--email', 'third@example.org', '--password', PASSWORD])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/2 organizations.*--org NAME/)
    // An existing organization, named in another case: joined, not duplicated.
    const named = await vigil([
      'user:create',
      '--email',
      'third@example.org',
      '--password',
      PASSWORD,
      '--org',
      'other org',
    ])
    expect(named.code).toBe(0)
    const [count] = await db()<{ n: number }[]>`select count(*)::int as n from organizations`
    expect(count!.n).toBe(2)
  })
})

describe('vigil CLI on the embedded database', () => {
  // As root the embedded server runs as `postgres`, which must reach DATA_DIR.
  let dataDir: string
  let env: NodeJS.ProcessEnv

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join('/tmp', 'vigil-cli-'))
    fs.chmodSync(dataDir, 0o755)
    env = { ...process.env, DATA_DIR: dataDir }
    delete env.DATABASE_URL
  })

  afterAll(async () => {
    await stopEmbeddedServer(dataDir)
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('starts the embedded server, migrates, and still prints only the results', async () => {
    // Two at once on a fresh DATA_DIR: one starts the server, the other reaches it.
    const [a, b] = await Promise.all([
      vigil(['user:create', '--email', 'a@example.org', '--password', PASSWORD, '--org', 'Emb'], {
        env,
      }),
      vigil(['user:create', '--email', 'b@example.org', '--password', PASSWORD, '--org', 'Emb'], {
        env,
      }),
    ])
    expect(a.stderr + b.stderr).not.toMatch(/vigil user:create/)
    expect(a.code).toBe(0)
    expect(b.code).toBe(0)
    expect(a.stdout).toMatch(UUID)
    expect(b.stdout).toMatch(UUID)
    const token = await vigil(['token:create', '--email', 'a@example.org'], { env })
    expect(token.code).toBe(0)
    expect(token.stdout).toMatch(TOKEN)
    expect(fs.existsSync(path.join(dataDir, 'postgres'))).toBe(true)
  })
})
