import { parse } from 'csv-parse/sync'
import type { z } from 'zod'
import { DomainError } from '~/domain/errors'
import type { ImportStatus } from '~/domain/states'
import { db, type TransactionSql } from '~/utils/db.server'
import { hasNul } from '~/utils/text'
import { issueMessage } from '~/validation/text'
import { isUuid } from '~/utils/uuid'
import { findInOrganization } from './scoped.server'

/**
 * A CSV import, one mechanism for every kind (officials, cases): the file
 * is parsed and checked into a preview kept in the kind's table (rows and
 * errors by line) before anything is saved; once confirmed, a job saves
 * the valid rows in batches, one transaction per batch that also records
 * the progress, so a retried job resumes and never doubles. A kind says
 * its columns, how a row is checked, what makes two rows the same, and
 * how a batch is saved.
 */
export interface ImportKind<Row extends { line: number }> {
  /** Its table: official_imports, case_imports (the same columns). */
  table: string
  columns: readonly string[]
  /** Columns the first line must name. */
  required: readonly string[]
  rowSchema: z.ZodType<Omit<Row, 'line'>, Record<string, string>>
  /** Two rows with the same key are one thing twice (the second is an error); null: no key. */
  key: (row: Omit<Row, 'line'>) => string | null
  duplicate: (firstLine: number) => string
  /** Saves rows in the caller's transaction; returns how many were created (the rest updated). */
  saveBatch: (tx: TransactionSql, organizationId: string, rows: Row[]) => Promise<number>
}

export const IMPORT_MAX_ROWS = 50_000
export const IMPORT_BATCH_SIZE = 500

export interface ImportError {
  line: number
  messages: string[]
}

export interface ParsedImport<Row> {
  rows: Row[]
  errors: ImportError[]
  /** A problem with the file as a whole (no header, wrong columns, too long). */
  fileError: string | null
}

/** Reads and checks a CSV file. Pure: nothing is saved. */
export function parseCsv<Row extends { line: number }>(
  kind: ImportKind<Row>,
  text: string,
): ParsedImport<Row> {
  const fail = (fileError: string) => ({ rows: [], errors: [], fileError })
  if (hasNul(text) || text.includes('\uFFFD'))
    return fail(
      'The file is not plain UTF-8 text (it contains NUL or unreadable bytes). Save it as “CSV UTF-8” and try again.',
    )
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
    return fail(`The file could not be read as CSV: ${(error as Error).message}`)
  }
  const [header, ...body] = records
  if (!header) return fail('The file is empty.')
  const names = header.record.map((h) => h.trim().toLowerCase())
  if (!kind.required.every((c) => names.includes(c)))
    return fail(`The first line must name the columns: ${kind.columns.join(',')}.`)
  if (body.length > IMPORT_MAX_ROWS)
    return fail(
      `The file has ${body.length} rows; at most ${IMPORT_MAX_ROWS} can be imported at once.`,
    )
  const missing = kind.columns.filter((c) => !names.includes(c))
  const rows: Row[] = []
  const errors: ImportError[] = []
  const seen = new Map<string, number>()
  for (const { record, info } of body) {
    const line = info.lines
    const raw: Record<string, string> = {}
    names.forEach((name, i) => {
      if (kind.columns.includes(name)) raw[name] = record[i] ?? ''
    })
    for (const c of missing) raw[c] = ''
    const parsed = kind.rowSchema.safeParse(raw)
    if (!parsed.success) {
      errors.push({ line, messages: parsed.error.issues.map((i) => issueMessage(i)) })
      continue
    }
    const key = kind.key(parsed.data)
    const first = key === null ? undefined : seen.get(key)
    if (first !== undefined) {
      errors.push({ line, messages: [kind.duplicate(first)] })
      continue
    }
    if (key !== null) seen.set(key, line)
    rows.push({ line, ...parsed.data } as Row)
  }
  return { rows, errors, fileError: null }
}

export interface CsvImport {
  id: string
  organizationId: string
  filename: string | null
  status: ImportStatus
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

const COLUMNS = `id, organization_id, filename, status, total_rows,
  jsonb_array_length(rows) as valid_rows, errors, processed_rows, created_count, updated_count,
  last_error, created_at, finished_at`

/** Stores a checked file as a preview. */
export async function createImport<Row extends { line: number }>(
  kind: ImportKind<Row>,
  {
    organizationId,
    actorId = null,
    filename = null,
    parsed,
  }: {
    organizationId: string
    actorId?: string | null
    filename?: string | null
    parsed: ParsedImport<Row>
  },
): Promise<CsvImport> {
  const sql = db()
  const [row] = await sql<CsvImport[]>`
    insert into ${sql(kind.table)} (organization_id, created_by, filename, total_rows, rows, errors)
    values (${organizationId}, ${actorId}, ${filename},
      ${parsed.rows.length + parsed.errors.length},
      ${sql.json(parsed.rows as never)}, ${sql.json(parsed.errors as never)})
    returning ${sql.unsafe(COLUMNS)}`
  return row!
}

export async function getImport(
  kind: { table: string },
  { organizationId, importId }: { organizationId: string; importId: string },
): Promise<CsvImport | null> {
  return findInOrganization<CsvImport>(kind.table, COLUMNS, { id: importId, organizationId })
}

/** The first valid rows of a preview, to show what will be saved. */
export async function previewRows<Row extends { line: number }>(
  kind: ImportKind<Row>,
  {
    organizationId,
    importId,
    limit = 20,
  }: { organizationId: string; importId: string; limit?: number },
): Promise<Row[]> {
  if (!isUuid(importId)) return []
  const sql = db()
  const [row] = await sql<{ rows: Row[] }[]>`
    select coalesce(jsonb_path_query_array(rows, ('$[0 to ' || ${limit - 1}::int || ']')::jsonpath),
      '[]') as rows
    from ${sql(kind.table)} where id = ${importId} and organization_id = ${organizationId}`
  return row?.rows ?? []
}

export class ImportNotInPreviewError extends DomainError {
  constructor() {
    super('conflict', 'This import has already been confirmed.')
  }
}

/**
 * Confirms a preview (the kind's service then queues the job that saves
 * its valid rows). Null when the import is not the organization's.
 */
export async function confirmImport(
  kind: { table: string },
  { organizationId, importId }: { organizationId: string; importId: string },
): Promise<CsvImport | null> {
  if (!isUuid(importId)) return null
  const sql = db()
  const [row] = await sql<CsvImport[]>`
    update ${sql(kind.table)} set status = 'queued', updated_at = now()
    where id = ${importId} and organization_id = ${organizationId} and status = 'preview'
    returning ${sql.unsafe(COLUMNS)}`
  if (!row) {
    const existing = await getImport(kind, { organizationId, importId })
    if (!existing) return null
    throw new ImportNotInPreviewError()
  }
  return row
}

/**
 * Saves a confirmed import's rows from where it stopped, one transaction per
 * batch that also records the progress: a retried job resumes, never doubles.
 */
export async function runImport<Row extends { line: number }>(
  kind: ImportKind<Row>,
  { importId }: { importId: string },
): Promise<void> {
  const sql = db()
  const table = sql(kind.table)
  const [job] = await sql<{ organizationId: string }[]>`
    update ${table} set status = 'running', updated_at = now()
    where id = ${importId} and status in ('queued', 'running', 'failed')
    returning organization_id`
  if (!job) return
  try {
    for (;;) {
      const done = await sql.begin(async (tx) => {
        const [state] = await tx<{ batch: Row[] }[]>`
          select coalesce(jsonb_path_query_array(rows,
              ('$[' || processed_rows || ' to ' || (processed_rows + ${IMPORT_BATCH_SIZE - 1}::int) || ']')::jsonpath),
              '[]') as batch
          from ${tx(kind.table)} where id = ${importId} for update`
        if (!state || state.batch.length === 0) return true
        const created = await kind.saveBatch(tx, job.organizationId, state.batch)
        await tx`
          update ${tx(kind.table)} set
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
      update ${table} set status = 'done', finished_at = now(), updated_at = now()
      where id = ${importId}`
  } catch (error) {
    await sql`
      update ${table} set status = 'failed', last_error = ${(error as Error).message},
        updated_at = now()
      where id = ${importId}`
    throw error
  }
}
