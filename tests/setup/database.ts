/**
 * Before each test file: a database of its own, copied from the migrated
 * template, and DATABASE_URL pointing at it. Dropped after the file.
 */
import crypto from 'node:crypto'
import { afterAll, inject } from 'vitest'
import { adminSql, urlForDatabase } from './admin'

const adminUrl = inject('adminUrl')
const template = inject('templateDatabase')
const database = `${inject('runPrefix')}${crypto.randomBytes(6).toString('hex')}`

const admin = adminSql(adminUrl)
for (let attempt = 0; ; attempt++) {
  try {
    await admin.unsafe(`create database ${database} template ${template}`)
    break
  } catch (error) {
    // Two files copying the template at the same instant: take turns.
    if (attempt > 20 || !/being accessed by other users/.test(String(error))) throw error
    await new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
  }
}
process.env.DATABASE_URL = urlForDatabase(adminUrl, database)
process.env.NODE_ENV = 'test'

afterAll(async () => {
  const { closeDb } = await import('../../app/utils/db.server')
  const { stopBoss } = await import('../../app/utils/jobs.server')
  const { closeTransport } = await import('../../app/mail/transport.server')
  await stopBoss().catch(() => {})
  closeTransport()
  await closeDb()
  await admin.unsafe(`drop database if exists ${database} with (force)`)
  await admin.end()
})
