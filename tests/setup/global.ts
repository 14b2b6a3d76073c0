/**
 * Once per `npm test`: find the PostgreSQL server to test on, and build a
 * migrated template database that each test file copies (fast, and every
 * file starts clean).
 *
 * With DATABASE_URL set (CI), that server. Without it, Vigil's own embedded
 * server in a temporary DATA_DIR, so `npm test` needs nothing installed.
 */
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import {
  ensureEmbeddedServer,
  EMBEDDED_PORT,
  EMBEDDED_USER,
  stopEmbeddedServer,
} from '../../db/embedded'
import { migrate } from '../../db/migrate'
import { adminSql, urlForDatabase } from './admin'

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string
    templateDatabase: string
    /** Prefix of every database this run creates (runs may overlap). */
    runPrefix: string
    embeddedDataDir: string | null
  }
}

export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL
  let embeddedDataDir: string | null = null
  if (!adminUrl) {
    embeddedDataDir = path.join(os.tmpdir(), `vigil-test-pg-${process.getuid?.() ?? 0}`)
    const loc = await ensureEmbeddedServer(embeddedDataDir)
    adminUrl = `postgres://${EMBEDDED_USER}@localhost/postgres?host=${loc.socketDir}&port=${EMBEDDED_PORT}`
  }
  const runPrefix = `vigil_test_${process.pid}_`
  const templateDatabase = `${runPrefix}template`
  const admin = adminSql(adminUrl)
  await admin.unsafe(`drop database if exists ${templateDatabase}`)
  await admin.unsafe(`create database ${templateDatabase}`)
  const template = adminSql(urlForDatabase(adminUrl, templateDatabase))
  await migrate(template as never)
  await template.end()

  project.provide('adminUrl', adminUrl)
  project.provide('templateDatabase', templateDatabase)
  project.provide('runPrefix', runPrefix)
  project.provide('embeddedDataDir', embeddedDataDir)

  return async () => {
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where starts_with(datname, ${runPrefix})`
    for (const { datname } of leftovers) {
      await admin.unsafe(`drop database if exists ${datname} with (force)`).catch(() => {})
    }
    // Another run may share the embedded test server: stop it only when idle.
    const [others] = await admin<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where backend_type = 'client backend' and pid <> pg_backend_pid()`
    await admin.end()
    if (embeddedDataDir && others!.n === 0) await stopEmbeddedServer(embeddedDataDir)
  }
}
