/**
 * `vigil supporter:export` and `vigil supporter:erase` as an operator runs
 * them: a child process on this file's database whose stdout is the JSON
 * alone; the export holds what the named organization holds about the
 * address, the erasure deletes it (the count drops, another organization's
 * signature stays) and is in that organization's audit log as the
 * operator's. Mistakes go to stderr with a non-zero exit.
 */
import { spawn } from 'node:child_process'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { repairCount } from '../app/models/count.server'
import { db } from '../app/utils/db.server'
import { makePetition } from './helpers/fixtures'
import { seedSignatures } from './helpers/signatures'

// Each run is a fresh Node process (a few seconds on a busy machine).
vi.setConfig({ testTimeout: 180_000 })

function vigil(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'bin/vigil.ts', ...args], { env: process.env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end()
  })
}

const ORG = 'CLI Privacy Org'
const EMAIL = 'Casey.Cli@Example.org'
let here: Awaited<ReturnType<typeof makePetition>>
let there: Awaited<ReturnType<typeof makePetition>>

beforeAll(async () => {
  here = await makePetition({ organizationName: ORG })
  there = await makePetition({ organizationName: 'CLI Other Org' })
  await seedSignatures({ petitionId: here.petition.id, organizationId: here.organization.id }, [
    { email: EMAIL, name: 'Casey Cli', comment: 'Casey says hello' },
    { name: 'Someone Else' },
  ])
  await seedSignatures({ petitionId: there.petition.id, organizationId: there.organization.id }, [
    { email: EMAIL, name: 'Casey Cli' },
  ])
})

describe('vigil supporter:export and supporter:erase', () => {
  it('export prints, as JSON alone, what the named organization holds', async () => {
    const run = await vigil(['supporter:export', '--email', 'casey.cli@example.org', '--org', ORG])
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout)
    expect(out.organization).toBe(ORG)
    expect(out.signatures).toHaveLength(1)
    expect(out.signatures[0]).toMatchObject({
      name: 'Casey Cli',
      email: EMAIL,
      comment: 'Casey says hello',
      petition_id: here.petition.id,
    })
    expect(run.stdout).not.toContain(there.petition.id)
  })

  it('refuses mistakes on stderr: a bad address, a missing --org among several', async () => {
    const bad = await vigil(['supporter:erase', '--email', 'not-an-address', '--org', ORG])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toMatch(/--email: Enter a valid email address/)
    const ambiguous = await vigil(['supporter:erase', '--email', EMAIL])
    expect(ambiguous.code).toBe(1)
    expect(ambiguous.stderr).toMatch(/choose one with --org NAME/)
    // Nothing was erased by either.
    const [row] = await db()<{ n: number }[]>`
      select count(*)::int as n from signatures where email = ${EMAIL}`
    expect(row!.n).toBe(2)
  })

  it('erase deletes it, prints what was erased, the count drops and the other organization keeps its own', async () => {
    const before = await repairCount({ petitionId: here.petition.id })
    const run = await vigil(['supporter:erase', '--email', EMAIL, '--org', ORG])
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout)
    expect(out).toMatchObject({
      organization: ORG,
      email: EMAIL,
      erased: { signatures: 1, counted_signatures: 1, supporters: 1 },
    })
    expect(await repairCount({ petitionId: here.petition.id })).toBe(before - 1)
    const rows = await db()<{ petitionId: string }[]>`
      select petition_id from signatures where email = ${EMAIL}`
    expect(rows.map((r) => r.petitionId)).toEqual([there.petition.id])
    const [audit] = await db()<{ actorId: string | null; actorLabel: string }[]>`
      select actor_id, actor_label from audit_log
      where organization_id = ${here.organization.id} and action = 'supporter.erased'`
    expect(audit).toEqual({ actorId: null, actorLabel: 'Operator (command line)' })

    const again = await vigil(['supporter:export', '--email', EMAIL, '--org', ORG])
    expect(JSON.parse(again.stdout)).toMatchObject({ signatures: [], supporters: [] })
  })
})
