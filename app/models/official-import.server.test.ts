import { describe, expect, it } from 'vitest'
import { ensureOrganization } from './organization.server'
import { createOfficial, listOfficials } from './official.server'
import {
  confirmOfficialImport,
  createOfficialImport,
  getOfficialImport,
  ImportNotInPreviewError,
  parseOfficialsCsv,
  previewImportRows,
  runOfficialImport,
} from './official-import.server'
import { db } from '~/utils/db.server'

const HEADER = 'name,title,office,jurisdiction,email,phone'

describe('officials CSV import', () => {
  it('shows each row’s errors by line before anything is saved', () => {
    const csv = [
      HEADER,
      'Greg Abbott,Governor,Office of the Governor,Texas,governor@texas.example,512-463-2000',
      ',Judge,,Texas,judge@texas.example,',
      '"Smith, Jane","Chair, Board",Board,Texas,not-an-email,',
      '',
      'Ken Paxton,Attorney General,,Texas,GOVERNOR@texas.example,',
      '"Multi',
      'line name",Prosecutor,,Texas,,',
    ].join('\n')
    const parsed = parseOfficialsCsv(csv)
    expect(parsed.fileError).toBeNull()
    expect(parsed.rows.map((r) => [r.line, r.name])).toEqual([
      [2, 'Greg Abbott'],
      [8, 'Multi\nline name'],
    ])
    expect(parsed.errors).toEqual([
      { line: 3, messages: ['Name is missing.'] },
      { line: 4, messages: ['Email is not a valid address.'] },
      { line: 6, messages: ['The same email as line 2; one row per official.'] },
    ])
  })

  it('refuses a file without the header', () => {
    expect(parseOfficialsCsv('').fileError).toBe('The file is empty.')
    expect(parseOfficialsCsv('a,b\n1,2').fileError).toMatch(/first line must name the columns/)
    expect(parseOfficialsCsv('name,"unclosed\n').fileError).toMatch(/could not be read/)
  })

  it('imports 10,000 rows in batches, updating officials with the same email', async () => {
    const org = await ensureOrganization({ name: 'Import Org' })
    const other = await ensureOrganization({ name: 'Import Other Org' })
    await createOfficial({
      organizationId: org.id,
      name: 'Old Name',
      email: 'Official5@Example.org',
    })
    await createOfficial({
      organizationId: other.id,
      name: 'Theirs',
      email: 'official6@example.org',
    })
    const lines = [HEADER]
    for (let i = 1; i <= 10_000; i++)
      lines.push(`Official ${i},Judge,Court ${i % 7},Texas,official${i}@example.org,555-${i}`)
    const parsed = parseOfficialsCsv(lines.join('\r\n'))
    expect(parsed.rows).toHaveLength(10_000)
    expect(parsed.errors).toEqual([])

    const preview = await createOfficialImport({
      organizationId: org.id,
      filename: 'officials.csv',
      parsed,
    })
    expect(preview).toMatchObject({ status: 'preview', totalRows: 10_000, validRows: 10_000 })
    expect(
      await previewImportRows({ organizationId: org.id, importId: preview.id, limit: 2 }),
    ).toHaveLength(2)
    // Nothing saved yet; another organization cannot see or confirm it.
    const [before] = await db()<{ n: number }[]>`
      select count(*)::int as n from officials where organization_id = ${org.id}`
    expect(before!.n).toBe(1)
    expect(await getOfficialImport({ organizationId: other.id, importId: preview.id })).toBeNull()
    expect(
      await confirmOfficialImport({ organizationId: other.id, importId: preview.id }),
    ).toBeNull()

    const queued = await confirmOfficialImport({ organizationId: org.id, importId: preview.id })
    expect(queued!.status).toBe('queued')
    await expect(
      confirmOfficialImport({ organizationId: org.id, importId: preview.id }),
    ).rejects.toBeInstanceOf(ImportNotInPreviewError)

    const started = Date.now()
    await runOfficialImport({ importId: preview.id })
    expect(Date.now() - started).toBeLessThan(60_000)
    const done = await getOfficialImport({ organizationId: org.id, importId: preview.id })
    expect(done).toMatchObject({
      status: 'done',
      processedRows: 10_000,
      createdCount: 9_999,
      updatedCount: 1,
    })
    const [after] = await db()<{ n: number }[]>`
      select count(*)::int as n from officials where organization_id = ${org.id}`
    expect(after!.n).toBe(10_000)
    const [five] = await listOfficials({ organizationId: org.id, q: 'official5@example.org' })
    expect(five).toMatchObject({ name: 'Official 5', office: 'Court 5', phone: '555-5' })
    const [theirs] = await listOfficials({ organizationId: other.id })
    expect(theirs!.name).toBe('Theirs')

    // A second run (a retried job) changes nothing.
    await runOfficialImport({ importId: preview.id })
    const again = await getOfficialImport({ organizationId: org.id, importId: preview.id })
    expect(again!.processedRows).toBe(10_000)
  })
})
