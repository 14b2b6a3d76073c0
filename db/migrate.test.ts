import { describe, expect, it } from 'vitest'
import { createSql, db } from '../app/utils/db.server'
import { migrate, readMigrations } from './migrate'

describe('migrations', () => {
  it('are numbered, and all already applied to the test database', async () => {
    const files = readMigrations()
    expect(files.map((m) => m.version)).toEqual(
      [...files.map((m) => m.version)].sort((a, b) => a - b),
    )
    const rows = await db()<
      { version: number }[]
    >`select version from schema_migrations order by version`
    expect(rows.map((r) => r.version)).toEqual(files.map((m) => m.version))
  })

  it('let instances that start together take turns and apply each migration once', async () => {
    const sql = db()
    await sql`create schema if not exists migrate_race`
    const extra = [
      {
        version: 90_001,
        name: '90001_race_table',
        sql: 'create table migrate_race.t (id int primary key); insert into migrate_race.t values (1);',
        transactional: true,
      },
    ]
    const pools = Array.from({ length: 4 }, () => createSql({ max: 1 }))
    try {
      const results = await Promise.all(
        pools.map((p) => migrate(p, [...readMigrations(), ...extra])),
      )
      expect(results.flat().filter((name) => name === '90001_race_table')).toHaveLength(1)
      const rows = await sql`select * from migrate_race.t`
      expect(rows).toHaveLength(1)
    } finally {
      await Promise.all(pools.map((p) => p.end()))
    }
  })

  it('roll back a failing migration whole, leaving it pending', async () => {
    const broken = {
      version: 90_002,
      name: '90002_broken',
      sql: 'create table migrate_half (id int); select no_such_function();',
      transactional: true,
    }
    await expect(migrate(db(), [broken])).rejects.toThrow(/no_such_function/)
    const [table] = await db()`select to_regclass('migrate_half') as t`
    expect(table!.t).toBeNull()
    const applied = await db()`select 1 from schema_migrations where version = 90002`
    expect(applied).toHaveLength(0)
  })
})
