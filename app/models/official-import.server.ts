import { z } from 'zod'
import type { OfficialImportStatus } from '~/domain/states'
import { text as plainText } from '~/validation/text'
import {
  confirmImport,
  createImport,
  getImport,
  IMPORT_BATCH_SIZE,
  IMPORT_MAX_ROWS,
  ImportNotInPreviewError,
  parseCsv,
  previewRows,
  runImport,
  type CsvImport,
  type ImportError,
  type ImportKind,
  type ParsedImport as Parsed,
} from './csv-import.server'
import { upsertOfficialByEmail } from './official.server'

/**
 * Officials imported from CSV (`name,title,office,jurisdiction,email,phone`),
 * through the one import mechanism (csv-import.server.ts): an official
 * with the same email (case-insensitive) is updated, not added twice.
 */

export const IMPORT_COLUMNS = ['name', 'title', 'office', 'jurisdiction', 'email', 'phone'] as const
export { IMPORT_BATCH_SIZE, IMPORT_MAX_ROWS, ImportNotInPreviewError }
export type { ImportError, OfficialImportStatus }

export interface ImportRow {
  line: number
  name: string
  title: string | null
  office: string | null
  jurisdiction: string | null
  email: string | null
  phone: string | null
}

export type ParsedImport = Parsed<ImportRow>
export type OfficialImport = CsvImport

const optional = (max: number, label: string) =>
  plainText()
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .transform((v) => v || null)

const RowSchema = z.object({
  name: plainText().trim().min(1, 'Name is missing.').max(200, 'Name is too long.'),
  title: optional(200, 'Title'),
  office: optional(200, 'Office'),
  jurisdiction: optional(200, 'Jurisdiction'),
  email: plainText()
    .trim()
    .max(254, 'Email is too long.')
    .transform((v) => v || null)
    .refine((v) => v === null || z.email().safeParse(v).success, 'Email is not a valid address.'),
  phone: optional(50, 'Phone'),
})

export const OFFICIALS_IMPORT: ImportKind<ImportRow> = {
  table: 'official_imports',
  columns: IMPORT_COLUMNS,
  required: ['name'],
  rowSchema: RowSchema,
  key: (row) => row.email?.toLowerCase() ?? null,
  duplicate: (line) => `The same email as line ${line}; one row per official.`,
  async saveBatch(tx, organizationId, rows) {
    let created = 0
    for (const row of rows) {
      const { line: _line, ...fields } = row
      const result = await upsertOfficialByEmail({ organizationId, ...fields }, tx)
      if (result.created) created++
    }
    return created
  },
}

/** Reads and checks a CSV file. Pure: nothing is saved. */
export const parseOfficialsCsv = (text: string): ParsedImport => parseCsv(OFFICIALS_IMPORT, text)

export const createOfficialImport = (input: Parameters<typeof createImport<ImportRow>>[1]) =>
  createImport(OFFICIALS_IMPORT, input)

export const getOfficialImport = (input: { organizationId: string; importId: string }) =>
  getImport(OFFICIALS_IMPORT, input)

export const previewImportRows = (input: {
  organizationId: string
  importId: string
  limit?: number
}) => previewRows(OFFICIALS_IMPORT, input)

export const confirmOfficialImport = (input: { organizationId: string; importId: string }) =>
  confirmImport(OFFICIALS_IMPORT, input)

export const runOfficialImport = (input: { importId: string }) => runImport(OFFICIALS_IMPORT, input)
