import { describe, expect, it } from 'vitest'
import { ensureOrganization } from '~/models/organization.server'
import { createCase, listCaseEvents } from '~/models/case.server'
import { db } from '~/utils/db.server'
import {
  createCaseImport,
  getCaseImport,
  parseCasesCsv,
  runCaseImport,
  startCaseImport,
} from './case-import.server'

const HEADER =
  'person_name,case_number,jurisdiction,court,status,next_date,next_date_kind,time_zone,summary'

describe('cases imported from CSV', () => {
  it('reports each bad row by its line and keeps the good ones', () => {
    const parsed = parseCasesCsv(
      [
        HEADER,
        'Ann Able,A-1,Texas,,scheduled,2026-12-03 18:00,execution,America/Chicago,',
        ',A-2,Texas,,,,,,',
        'Cal Cee,A-3,Texas,,sleeping,,,,',
        'Dee Dee,A-4,Texas,,,tomorrow,execution,,',
        'Eve Ee,A-5,Texas,,,2026-12-03 18:00,,,',
        'Ann Again,a-1 , texas,,,,,,',
        'Fay Eff,A-6,Ohio,,,2026-12-03T18:00:00-06:00,hearing,Mars/Base,',
      ].join('\n'),
    )
    expect(parsed.fileError).toBeNull()
    expect(parsed.rows.map((r) => r.line)).toEqual([2])
    expect(parsed.rows[0]!.nextDate).toBe('2026-12-04T00:00:00.000Z')
    const byLine = Object.fromEntries(parsed.errors.map((e) => [e.line, e.messages.join(' ')]))
    expect(byLine[3]).toMatch(/person_name is missing/)
    expect(byLine[4]).toMatch(/status must be one of/)
    expect(byLine[5]).toMatch(/next_date must be a date and time/)
    expect(byLine[6]).toMatch(/next_date_kind is missing/)
    expect(byLine[7]).toMatch(/same case number and jurisdiction as line 2/)
    expect(byLine[8]).toMatch(/time_zone must be an IANA time zone/)
    expect(parseCasesCsv('name,number\nx,y').fileError).toMatch(/first line must name/)
  })

  it('imports 10,000 rows with errors by line, updating cases by number and jurisdiction', async () => {
    const org = await ensureOrganization({ name: 'Case Import Org' })
    const existing = await createCase({
      organizationId: org.id,
      personName: 'Existing Person',
      caseNumber: 'CR-00042',
      jurisdiction: 'Texas',
      status: 'pending',
      nextDate: new Date('2026-12-20T00:00:00Z'),
      nextDateKind: 'execution',
      timeZone: 'America/Chicago',
      summary: 'Kept when the cell is empty.',
    })
    const lines = [HEADER]
    for (let i = 1; i <= 10_000; i++) {
      const number = `cr-${String(i).padStart(5, '0')}`
      if (i % 1000 === 0) lines.push(`Bad Date ${i},${number},Texas,,,someday,execution,,`)
      else if (i === 42)
        lines.push(
          `Existing Person,${number} ,TEXAS,,scheduled,2027-01-09 18:00,execution,America/Chicago,`,
        )
      else
        lines.push(
          `Person ${i},${number},Texas,Court ${i},pending,2027-02-01 12:00,execution,America/Chicago,`,
        )
    }
    const parsed = parseCasesCsv(lines.join('\n'))
    expect(parsed.errors).toHaveLength(10)
    expect(parsed.errors.map((e) => e.line)).toEqual(
      Array.from({ length: 10 }, (_, k) => (k + 1) * 1000 + 1),
    )
    const preview = await createCaseImport({ organizationId: org.id, parsed })
    expect(preview.totalRows).toBe(10_000)
    expect(preview.validRows).toBe(9_990)
    await startCaseImport({ organizationId: org.id, importId: preview.id, actorId: null })
    await runCaseImport({ importId: preview.id })
    const done = await getCaseImport({ organizationId: org.id, importId: preview.id })
    expect(done).toMatchObject({
      status: 'done',
      processedRows: 9_990,
      createdCount: 9_989,
      updatedCount: 1,
    })
    const [count] = await db()<{ n: number }[]>`
      select count(*)::int as n from cases where organization_id = ${org.id}`
    expect(count!.n).toBe(9_990)
    // The existing case was updated in place: new date and status on its timeline, summary kept.
    const [updated] = await db()<{ status: string; nextDate: Date; summary: string }[]>`
      select status, next_date, summary from cases where id = ${existing.id}`
    expect(updated).toMatchObject({ status: 'scheduled', summary: 'Kept when the cell is empty.' })
    expect(updated!.nextDate.toISOString()).toBe('2027-01-10T00:00:00.000Z')
    const kinds = (await listCaseEvents(existing.id)).map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['status_changed', 'date_changed']))

    // Running it again (a retried job) changes nothing.
    await runCaseImport({ importId: preview.id })
    const [again] = await db()<{ n: number }[]>`
      select count(*)::int as n from cases where organization_id = ${org.id}`
    expect(again!.n).toBe(9_990)
  })
})
