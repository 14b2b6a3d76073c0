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
import { ensureEmbeddedServer, EMBEDDED_PORT, EMBEDDED_USER, stopEmbeddedServer } from '../../db/embedded'
import { migrate } from '../../db/migrate'
import { adminSql, urlForDatabase } from './admin'

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string
    templateDatabase: string
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
  const templateDatabase = `vigil_test_template_${process.pid}`
  const admin = adminSql(adminUrl)
  await admin.unsafe(`drop database if exists ${templateDatabase}`)
  await admin.unsafe(`create database ${templateDatabase}`)
  const template = adminSql(urlForDatabase(adminUrl, templateDatabase))
  await migrate(template as never)
  await template.end()

  project.provide('adminUrl', adminUrl)
  project.provide('templateDatabase', templateDatabase)
  project.provide('embeddedDataDir', embeddedDataDir)

  return async () => {
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`vigil_test_%`}`
    for (const { datname } of leftovers) {
      await admin.unsafe(`drop database if exists ${datname} with (force)`).catch(() => {})
    }
    await admin.end()
    if (embeddedDataDir) await stopEmbeddedServer(embeddedDataDir)
  }
}
