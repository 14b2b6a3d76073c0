import { DomainError } from '~/domain/errors'
import { parse } from 'csv-parse/sync'
import { z } from 'zod'
import { findInOrganization } from './scoped.server'
import { db } from '~/utils/db.server'
import { upsertOfficialByEmail } from './official.server'
import { isUuid } from '~/utils/uuid'
import { hasNul } from '~/utils/text'
import { text as plainText } from '~/validation/text'
import type { OfficialImportStatus } from '~/domain/states'

/**
 * Officials imported from CSV (`name,title,office,jurisdiction,email,phone`):
 * the file is parsed and checked into a preview kept in official_imports
 * (rows and errors by line) before anything is saved; once confirmed, a job
 * saves the valid rows in batches, updating officials with the same email,
 * and records its progress for the page that watches it.
 */

export const IMPORT_COLUMNS = ['name', 'title', 'office', 'jurisdiction', 'email', 'phone'] as const
export const IMPORT_MAX_ROWS = 50_000
export const IMPORT_BATCH_SIZE = 500

export type { OfficialImportStatus }

export interface ImportRow {
  line: number
  name: string
  title: string | null
  office: string | null
  jurisdiction: string | null
  email: string | null
  phone: string | null
}

export interface ImportError {
  line: number
  messages: string[]
}

export interface ParsedImport {
  rows: ImportRow[]
  errors: ImportError[]
  /** A problem with the file as a whole (no header, wrong columns, too long). */
  fileError: string | null
}

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

/** Reads and checks a CSV file. Pure: nothing is saved. */
export function parseOfficialsCsv(text: string): ParsedImport {
  if (hasNul(text) || text.includes('\uFFFD'))
    return {
      rows: [],
      errors: [],
      fileError:
        'The file is not plain UTF-8 text (it contains NUL or unreadable bytes). Save it as “CSV UTF-8” and try again.',
    }
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[]
  } catch (error) {
    return {
      rows: [],
      errors: [],
      fileError: `The file could not be read as CSV: ${(error as Error).message}`,
    }
  }
  const [header, ...body] = records
  if (!header) return { rows: [], errors: [], fileError: 'The file is empty.' }
  const names = header.record.map((h) => h.trim().toLowerCase())
  const missing = IMPORT_COLUMNS.filter((c) => c !== 'name' && !names.includes(c))
  if (!names.includes('name'))
    return {
      rows: [],
      errors: [],
      fileError: `The first line must name the columns: ${IMPORT_COLUMNS.join(',')}.`,
    }
  if (body.length > IMPORT_MAX_ROWS)
    return {
      rows: [],
      errors: [],
      fileError: `The file has ${body.length} rows; at most ${IMPORT_MAX_ROWS} can be imported at once.`,
    }
  const rows: ImportRow[] = []
  const errors: ImportError[] = []
  const seen = new Map<string, number>()
  for (const { record, info } of body) {
    const line = info.lines
    const raw: Record<string, string> = {}
    names.forEach((name, i) => {
      if ((IMPORT_COLUMNS as readonly string[]).includes(name)) raw[name] = record[i] ?? ''
    })
    for (const c of missing) raw[c] = ''
    const parsed = RowSchema.safeParse(raw)
    if (!parsed.success) {
      errors.push({ line, messages: parsed.error.issues.map((i) => i.message) })
      continue
    }
    const email = parsed.data.email?.toLowerCase()
    if (email && seen.has(email)) {
      errors.push({
        line,
        messages: [`The same email as line ${seen.get(email)}; one row per official.`],
      })
      continue
    }
    if (email) seen.set(email, line)
    rows.push({ line, ...parsed.data })
  }
  return { rows, errors, fileError: null }
}

export interface OfficialImport {
  id: string
  organizationId: string
  filename: string | null
  status: OfficialImportStatus
  totalRows: number
  validRows: number
  errors: ImportError[]
  processedRows: number
  createdCount: number
  updatedCount: number
  lastError: string | null
  createdAt: Date
  finishedAt: Date | null
}

const IMPORT_COLUMNS_SQL = `id, organization_id, filename, status, total_rows,
  jsonb_array_length(rows) as valid_rows, errors, processed_rows, created_count, updated_count,
  last_error, created_at, finished_at`

/** Stores a checked file as a preview. */
export async function createOfficialImport({
  organizationId,
  actorId = null,
  filename = null,
  parsed,
}: {
  organizationId: string
  actorId?: string | null
  filename?: string | null
  parsed: ParsedImport
}): Promise<OfficialImport> {
  const sql = db()
  const [row] = await sql<OfficialImport[]>`
    insert into official_imports (organization_id, created_by, filename, total_rows, rows, errors)
    values (${organizationId}, ${actorId}, ${filename},
      ${parsed.rows.length + parsed.errors.length},
      ${sql.json(parsed.rows as never)}, ${sql.json(parsed.errors as never)})
    returning ${sql.unsafe(IMPORT_COLUMNS_SQL)}`
  return row!
}

export async function getOfficialImport({
  organizationId,
  importId,
}: {
  organizationId: string
  importId: string
}): Promise<OfficialImport | null> {
  return findInOrganization<OfficialImport>('official_imports', IMPORT_COLUMNS_SQL, {
    id: importId,
    organizationId,
  })
}

/** The first valid rows of a preview, to show what will be saved. */
export async function previewImportRows({
  organizationId,
  importId,
  limit = 20,
}: {
  organizationId: string
  importId: string
  limit?: number
}): Promise<ImportRow[]> {
  if (!isUuid(importId)) return []
  const [row] = await db()<{ rows: ImportRow[] }[]>`
    select coalesce(jsonb_path_query_array(rows, ('$[0 to ' || ${limit - 1}::int || ']')::jsonpath),
      '[]') as rows
    from official_imports where id = ${importId} and organization_id = ${organizationId}`
  return row?.rows ?? []
}

export class ImportNotInPreviewError extends DomainError {
  constructor() {
    super('conflict', 'This import has already been confirmed.')
  }
}

/**
 * Confirms a preview (services/officials.server.ts then queues the job that
 * saves the valid rows). Null when the import is not the organization's.
 */
export async function confirmOfficialImport({
  organizationId,
  importId,
}: {
  organizationId: string
  importId: string
}): Promise<OfficialImport | null> {
  if (!isUuid(importId)) return null
  const sql = db()
  const [row] = await sql<OfficialImport[]>`
    update official_imports set status = 'queued', updated_at = now()
    where id = ${importId} and organization_id = ${organizationId} and status = 'preview'
    returning ${sql.unsafe(IMPORT_COLUMNS_SQL)}`
  if (!row) {
    const existing = await getOfficialImport({ organizationId, importId })
    if (!existing) return null
    throw new ImportNotInPreviewError()
  }
  return row
}

/**
 * Saves a confirmed import's rows from where it stopped, one transaction per
 * batch that also records the progress: a retried job resumes, never doubles.
 */
export async function runOfficialImport({ importId }: { importId: string }): Promise<void> {
  const sql = db()
  const [job] = await sql<{ organizationId: string; status: OfficialImportStatus }[]>`
    update official_imports set status = 'running', updated_at = now()
    where id = ${importId} and status in ('queued', 'running', 'failed')
    returning organization_id, status`
  if (!job) return
  try {
    for (;;) {
      const done = await sql.begin(async (tx) => {
        const [state] = await tx<{ processedRows: number; batch: ImportRow[] }[]>`
          select processed_rows,
            coalesce(jsonb_path_query_array(rows,
              ('$[' || processed_rows || ' to ' || (processed_rows + ${IMPORT_BATCH_SIZE - 1}::int) || ']')::jsonpath),
              '[]') as batch
          from official_imports where id = ${importId} for update`
        if (!state || state.batch.length === 0) return true
        let created = 0
        for (const row of state.batch) {
          const result = await upsertOfficialByEmail(
            {
              organizationId: job.organizationId,
              name: row.name,
              title: row.title,
              office: row.office,
              jurisdiction: row.jurisdiction,
              email: row.email,
              phone: row.phone,
            },
            tx,
          )
          if (result.created) created++
        }
        await tx`
          update official_imports set
            processed_rows = processed_rows + ${state.batch.length},
            created_count = created_count + ${created},
            updated_count = updated_count + ${state.batch.length - created},
            updated_at = now()
          where id = ${importId}`
        return false
      })
      if (done) break
    }
    await sql`
      update official_imports set status = 'done', finished_at = now(), updated_at = now()
      where id = ${importId}`
  } catch (error) {
    await sql`
      update official_imports set status = 'failed', last_error = ${(error as Error).message},
        updated_at = now()
      where id = ${importId}`
    throw error
  }
}
