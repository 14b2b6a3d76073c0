/**
 * The backup and restore docs/deploy.md tells operators to run, run: a
 * `pg_dump --format=custom` of a live Vigil database, `pg_restore` into a
 * new empty database, and the restored copy holds the same signatures,
 * counts, queued mail and migrations — and pg-boss's schema, so a worker
 * pointed at it carries on.
 */
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type postgres from 'postgres'
import { afterAll, expect, inject, it } from 'vitest'
import { db } from '../app/utils/db.server'
import { boss } from '../app/utils/jobs.server'
import { sign } from '../app/services/signing.server'
import { getPetitionForSigning } from '../app/models/public-petition.server'
import { SignatureSchema } from '../app/validation/signature'
import { makePetition, validSignature } from './helpers/fixtures'
import { adminSql, urlForDatabase } from './setup/admin'

const run = promisify(execFile)
const adminUrl = inject('adminUrl')
const restored = `${inject('runPrefix')}restored_${crypto.randomBytes(4).toString('hex')}`
const admin = adminSql(adminUrl)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-backup-'))

/** pg_dump refuses a server newer than itself (the embedded one is 17): then there is nothing to test here. */
async function missingTool(): Promise<string | null> {
  try {
    const { stdout } = await run('pg_dump', ['--version'])
    const client = Number(/(\d+)\.\d+/.exec(stdout)?.[1])
    const [row] = await db()<
      { v: number }[]
    >`select current_setting('server_version_num')::int as v`
    const server = Math.floor(row!.v / 10_000)
    return client >= server ? null : `pg_dump ${client} cannot dump PostgreSQL ${server}`
  } catch {
    return 'pg_dump is not installed (apt-get install postgresql-client)'
  }
}
const skip = await missingTool()
if (skip) console.warn(`[skip] backup and restore: ${skip}`)

afterAll(async () => {
  await admin.unsafe(`drop database if exists ${restored} with (force)`)
  await admin.end()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** The numbers an operator would check after a restore. */
async function census(sql: postgres.Sql) {
  const [row] = await sql<Record<string, number>[]>`
    select (select count(*)::int from signatures) as signatures,
      (select count(*)::int from supporters) as supporters,
      (select count(*)::int from outbound_emails where status = 'queued') as queued,
      (select count(*)::int from schema_migrations) as migrations,
      (select count(*)::int from pgboss.queue) as queues`
  return row!
}

it.skipIf(!!skip)(
  'a custom-format dump restores into a new database with everything in it',
  async () => {
    await boss() // pg-boss's schema and queues, as a running Vigil has them
    const { petition } = await makePetition()
    const forSigning = (await getPetitionForSigning(petition.slug))!
    for (let i = 0; i < 5; i++)
      await sign({
        petition: forSigning,
        input: SignatureSchema.parse(validSignature()),
        ip: '192.0.2.1',
        userAgent: null,
      })
    const before = await census(db())
    expect(before.signatures).toBe(5)

    const dump = path.join(dir, 'vigil.dump')
    // The commands in docs/deploy.md.
    await run('pg_dump', [
      '--format=custom',
      '--no-owner',
      `--file=${dump}`,
      process.env.DATABASE_URL!,
    ])
    await admin.unsafe(`create database ${restored}`)
    await run('pg_restore', [
      '--no-owner',
      '--exit-on-error',
      `--dbname=${urlForDatabase(adminUrl, restored)}`,
      dump,
    ])

    const copy = adminSql(urlForDatabase(adminUrl, restored))
    try {
      expect(await census(copy)).toEqual(before)
    } finally {
      await copy.end()
    }
  },
)
