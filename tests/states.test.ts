import { describe, expect, it } from 'vitest'
import { STATE_CHECKS } from '../app/domain/states'
import { db } from '../app/utils/db.server'

/** Every state list in TypeScript says the same as the SQL CHECK on its column. */
describe('state machines have one source', () => {
  for (const [column, states] of Object.entries(STATE_CHECKS)) {
    it(`${column} CHECK allows exactly ${states.join(', ')}`, async () => {
      const [table, name] = column.split('.')
      const rows = await db()<{ definition: string }[]>`
        select pg_get_constraintdef(c.oid) as definition
        from pg_constraint c join pg_class t on t.oid = c.conrelid
        where t.relname = ${table!} and c.contype = 'c'
          and pg_get_constraintdef(c.oid) like ${`%(${name} %`}`
      expect(rows).toHaveLength(1)
      const allowed = [...rows[0]!.definition.matchAll(/'([^']+)'/g)].map((m) => m[1])
      expect(allowed.sort()).toEqual([...states].sort())
    })
  }
})
