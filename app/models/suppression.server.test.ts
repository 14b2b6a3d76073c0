import { describe, expect, it } from 'vitest'
import { ensureOrganization } from './organization.server'
import {
  addSuppression,
  countSuppressions,
  importSuppressionsCsv,
  removeSuppression,
  SUPPRESSION_IMPORT_MAX_ERRORS,
  SuppressionNotRemovableError,
} from './suppression.server'

const encoder = new TextEncoder()

/** A CSV produced lazily in small chunks, as an upload arrives: never one string. */
async function* generatedCsv(
  rows: number,
  { badEvery = 0, halfway }: { badEvery?: number; halfway?: () => Promise<void> } = {},
) {
  yield encoder.encode('email,reason\r\n')
  let chunk = ''
  for (let i = 1; i <= rows; i++) {
    chunk +=
      badEvery && i % badEvery === 0
        ? `broken-${i},bounce\r\n`
        : `Person.${i}@Example.org,bounce\r\n`
    if (i === rows / 2) await halfway?.()
    if (chunk.length > 16_000) {
      yield encoder.encode(chunk)
      chunk = ''
    }
  }
  if (chunk) yield encoder.encode(chunk)
}

describe('suppression list', () => {
  it('imports a large CSV as it streams, in batches, idempotently, with errors by line', async () => {
    const { id: organizationId } = await ensureOrganization({ name: 'Streamed Import Org' })
    const rows = 120_000
    let savedByHalfway = 0
    const first = await importSuppressionsCsv({
      organizationId,
      source: generatedCsv(rows, {
        badEvery: 1000,
        halfway: async () => {
          savedByHalfway = await countSuppressions({ organizationId })
        },
      }),
    })
    expect(first).toMatchObject({
      rows,
      added: rows - 120,
      existing: 0,
      invalid: 120,
      fileError: null,
    })
    // Lines count the header: row 1000 is on line 1001. Only the first are listed.
    expect(first.errors[0]).toEqual({ line: 1001, messages: ['The email is not a valid address.'] })
    expect(first.errors).toHaveLength(Math.min(120, SUPPRESSION_IMPORT_MAX_ERRORS))
    // Saved as the file arrives, in batches: half the file in, most of that half is saved.
    expect(savedByHalfway).toBeGreaterThan(rows / 2 - 5_000)
    expect(savedByHalfway % 1_000).toBe(0)
    expect(await countSuppressions({ organizationId })).toBe(rows - 120)
    expect(await countSuppressions({ organizationId, q: 'person.777@' })).toBe(1)

    const again = await importSuppressionsCsv({ organizationId, source: generatedCsv(rows) })
    expect(again).toMatchObject({ added: 120, existing: rows - 120, invalid: 0 })
  }, 120_000)

  it('refuses a file without an email column, and reads a pasted one', async () => {
    const { id: organizationId } = await ensureOrganization({ name: 'Pasted Import Org' })
    const noColumn = await importSuppressionsCsv({ organizationId, source: 'address\na@b.example' })
    expect(noColumn.fileError).toContain('"email"')
    expect(noColumn.added).toBe(0)
    const empty = await importSuppressionsCsv({ organizationId, source: '' })
    expect(empty.fileError).toBe('The file is empty.')
    const pasted = await importSuppressionsCsv({
      organizationId,
      source: '\uFEFFEmail;x\n',
    })
    expect(pasted.fileError).toContain('"email"')
    const ok = await importSuppressionsCsv({
      organizationId,
      source: 'detail,email\nfrom the old tool,Someone+news@Example.org\n',
    })
    expect(ok).toMatchObject({ rows: 1, added: 1, invalid: 0 })
    // Stored canonical: the same person as someone@example.org.
    expect(await countSuppressions({ organizationId, q: 'someone@example.org' })).toBe(1)
  })

  it('removes only manual entries', async () => {
    const { id: organizationId } = await ensureOrganization({ name: 'Removal Org' })
    expect(await addSuppression({ organizationId, email: 'Oops@Example.org' })).toBe(true)
    expect(await addSuppression({ organizationId, email: 'oops@example.org' })).toBe(false)
    await importSuppressionsCsv({ organizationId, source: 'email,reason\nhard@example.org,bounce' })
    await expect(
      removeSuppression({ organizationId, emailCanonical: 'hard@example.org' }),
    ).rejects.toBeInstanceOf(SuppressionNotRemovableError)
    expect(await removeSuppression({ organizationId, emailCanonical: 'oops@example.org' })).toBe(
      true,
    )
    expect(await removeSuppression({ organizationId, emailCanonical: 'oops@example.org' })).toBe(
      false,
    )
    expect(await countSuppressions({ organizationId })).toBe(1)
  })
})
