import { DomainError } from '~/domain/errors'
import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import { z } from 'zod'
import { db } from '~/utils/db.server'
import { SUPPRESSION_REASONS, type SuppressionReason } from '~/domain/states'
import { canonicalEmail } from '~/validation/email'
import { isUuid } from '~/utils/uuid'
import { issueMessage, text as plainText } from '~/validation/text'

/**
 * The organization's suppression list, as the dashboard manages it: every
 * later send skips these addresses (the fan-out and each delivery claim
 * check it; see message.server.ts). Rows come from hard bounces, complaints
 * (hooks.mail-events.ts), a CSV import, or an organizer; the list shown
 * also has the supporters who unsubscribed (supporters.unsubscribed_at).
 */

export interface SuppressionRow {
  emailCanonical: string
  reason: SuppressionReason
  detail: string | null
  createdAt: Date
}

/**
 * Everyone the organization's campaigns skip: the suppressions, and the
 * supporters who unsubscribed through a link (kept on the supporter row,
 * shown here as unsubscribes unless the address is also suppressed).
 */
function everyoneSkipped(organizationId: string, q: string) {
  return db()`
    select * from (
      select email_canonical, reason, detail, created_at from suppressions
      where organization_id = ${organizationId}
      union all
      select s.email_canonical, 'unsubscribe', 'Unsubscribe link', s.unsubscribed_at
      from supporters s
      where s.organization_id = ${organizationId} and s.unsubscribed_at is not null
        and not exists (
          select 1 from suppressions x
          where x.organization_id = s.organization_id and x.email_canonical = s.email_canonical)
    ) skipped
    where ${q} = '' or strpos(email_canonical, lower(${q})) > 0`
}

export async function listSuppressions({
  organizationId,
  q = '',
  limit,
  offset,
}: {
  organizationId: string
  q?: string
  limit: number
  offset: number
}): Promise<SuppressionRow[]> {
  return db()<SuppressionRow[]>`
    ${everyoneSkipped(organizationId, q)}
    order by created_at desc, email_canonical
    limit ${limit} offset ${offset}`
}

export async function countSuppressions({
  organizationId,
  q = '',
}: {
  organizationId: string
  q?: string
}): Promise<number> {
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from (${everyoneSkipped(organizationId, q)}) everyone`
  return row!.n
}

/**
 * Stops all of the organization's campaign mail to this address: added by
 * hand (`manual`, the default) or after a hard bounce. Returns false when
 * it was already suppressed (its first reason is kept).
 */
export async function addSuppression({
  organizationId,
  email,
  reason = 'manual',
  detail = null,
}: {
  organizationId: string
  email: string
  reason?: SuppressionReason
  detail?: string | null
}): Promise<boolean> {
  const rows = await db()`
    insert into suppressions (organization_id, email_canonical, reason, detail)
    values (${organizationId}, ${canonicalEmail(email)}, ${reason}, ${detail})
    on conflict (organization_id, email_canonical) do nothing`
  return rows.count === 1
}

export class SuppressionNotRemovableError extends DomainError {
  constructor(readonly reason: SuppressionReason) {
    super(
      'conflict',
      reason === 'unsubscribe'
        ? 'This person unsubscribed: their choice, which an organizer cannot undo.'
        : `A ${reason} is recorded for this address; mail to it would fail or be marked as spam again.`,
    )
  }
}

/**
 * Removes a mistaken entry. Only manual entries may be removed: a bounce,
 * complaint or unsubscribe is a fact about the address that an organizer
 * must not be able to undo with one click. Returns false when there is no
 * such entry in the organization.
 */
export async function removeSuppression({
  organizationId,
  emailCanonical,
}: {
  organizationId: string
  emailCanonical: string
}): Promise<boolean> {
  const [row] = await db()<{ reason: SuppressionReason }[]>`
    select reason from suppressions
    where organization_id = ${organizationId} and email_canonical = ${emailCanonical}
    union all
    select 'unsubscribe' from supporters
    where organization_id = ${organizationId} and email_canonical = ${emailCanonical}
      and unsubscribed_at is not null
    limit 1`
  if (!row) return false
  if (row.reason !== 'manual') throw new SuppressionNotRemovableError(row.reason)
  await db()`
    delete from suppressions
    where organization_id = ${organizationId} and email_canonical = ${emailCanonical}
      and reason = 'manual'`
  return true
}

// ---------------------------------------------------------------------------
// CSV import

export const SUPPRESSION_IMPORT_BATCH = 1_000
/** Lines reported with their problems; the rest are only counted. */
export const SUPPRESSION_IMPORT_MAX_ERRORS = 100

export interface SuppressionImportResult {
  /** Data rows read (the header not counted). */
  rows: number
  /** Addresses newly suppressed. */
  added: number
  /** Valid rows whose address was already suppressed (or repeated in the file). */
  existing: number
  invalid: number
  /** The first invalid lines, with why. */
  errors: { line: number; messages: string[] }[]
  /** A problem with the file as a whole; rows before it were still imported. */
  fileError: string | null
}

const ImportRowSchema = z.object({
  email: plainText()
    .trim()
    .min(1, 'The email is missing.')
    .max(254, 'The email is too long.')
    .pipe(z.email('The email is not a valid address.')),
  reason: plainText()
    .trim()
    .toLowerCase()
    .transform((v) => v || 'manual')
    .pipe(
      z.enum(SUPPRESSION_REASONS, {
        error: (issue) =>
          `The reason "${String(issue.input)}" is not one of ${SUPPRESSION_REASONS.join(', ')}.`,
      }),
    ),
  detail: plainText()
    .trim()
    .transform((v) => (v ? v.slice(0, 500) : null)),
})

/**
 * Imports suppressions from CSV (bounces, complaints, unsubscribes exported
 * from a relay or another tool): a header line naming an `email` column
 * and optionally `reason` (bounce, complaint, unsubscribe, manual; default
 * manual) and `detail`. Streamed: the file is parsed as it arrives and
 * saved in batches, so memory stays flat at any size. Invalid rows are
 * reported by line and skipped; valid ones are added; an address already
 * suppressed keeps its first reason, so importing a file twice changes
 * nothing.
 */
export async function importSuppressionsCsv({
  organizationId,
  source,
}: {
  organizationId: string
  source: string | AsyncIterable<Uint8Array | string>
}): Promise<SuppressionImportResult> {
  let lastLine = 0
  const result: SuppressionImportResult = {
    rows: 0,
    added: 0,
    existing: 0,
    invalid: 0,
    errors: [],
    fileError: null,
  }
  const fail = (line: number, messages: string[]) => {
    result.invalid++
    if (result.errors.length < SUPPRESSION_IMPORT_MAX_ERRORS) result.errors.push({ line, messages })
  }
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    // A line that is not valid CSV (a stray quote) is reported like any bad row.
    skip_records_with_error: true,
    on_skip: (error) => {
      result.rows++
      fail((error as { lines?: number } | undefined)?.lines ?? lastLine + 1, [
        `This line is not valid CSV: ${error?.message ?? 'unreadable'}`,
      ])
    },
  })
  const input = typeof source === 'string' ? Readable.from([source]) : Readable.from(source)
  input.on('error', (error) => parser.destroy(error))
  input.pipe(parser)

  let batch: { email: string; reason: SuppressionReason; detail: string | null }[] = []
  const flush = async () => {
    if (batch.length === 0) return
    const rows = batch
    batch = []
    const inserted = await db()`
      insert into suppressions (organization_id, email_canonical, reason, detail)
      select ${organizationId}, e, r, d
      from unnest(${rows.map((r) => r.email)}::text[], ${rows.map((r) => r.reason)}::text[],
        ${rows.map((r) => r.detail)}::text[]) as x(e, r, d)
      on conflict (organization_id, email_canonical) do nothing`
    result.added += inserted.count
    result.existing += rows.length - inserted.count
  }
  let columns: { email: number; reason: number; detail: number } | null = null
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[]
      info: { lines: number }
    }>) {
      lastLine = info.lines
      // A file without an email column is read to its end (the upload must be
      // consumed) but nothing in it is used.
      if (result.fileError) continue
      if (!columns) {
        const names = record.map((h) => h.trim().toLowerCase())
        if (!names.includes('email')) {
          result.fileError =
            'The first line must name the columns, with one called "email" (and optionally "reason" and "detail").'
          continue
        }
        columns = {
          email: names.indexOf('email'),
          reason: names.indexOf('reason'),
          detail: names.indexOf('detail'),
        }
        continue
      }
      result.rows++
      const cell = (i: number) => (i >= 0 ? (record[i] ?? '') : '')
      const parsed = ImportRowSchema.safeParse({
        email: cell(columns.email),
        reason: cell(columns.reason),
        detail: cell(columns.detail),
      })
      if (!parsed.success) {
        fail(
          info.lines,
          parsed.error.issues.map((i) => issueMessage(i)),
        )
        continue
      }
      batch.push({ ...parsed.data, email: canonicalEmail(parsed.data.email) })
      if (batch.length >= SUPPRESSION_IMPORT_BATCH) await flush()
    }
    await flush()
  } catch (error) {
    await flush()
    // Read the rest of the upload so the request completes.
    input.unpipe(parser)
    try {
      for await (const chunk of input) void chunk
    } catch {
      // The upload itself failed: nothing more to read.
    }
    result.fileError = `The file could not be read as CSV after line ${lastLine}: ${
      (error as Error).message
    }`
  }
  if (!columns && !result.fileError) result.fileError = 'The file is empty.'
  return result
}

// ---------------------------------------------------------------------------
// Bounces and complaints

/**
 * Bounces and complaints reported by a mail relay: each suppresses the
 * address in the organization named, or in every organization that has
 * it as a supporter. Returns how many suppressions were new.
 */
export async function recordMailEvents(
  events: {
    type: 'bounce' | 'complaint'
    email: string
    organizationId?: string | null
    detail?: string | null
  }[],
): Promise<number> {
  let recorded = 0
  for (const event of events) {
    const canonical = canonicalEmail(event.email)
    const orgId = event.organizationId && isUuid(event.organizationId) ? event.organizationId : null
    const rows = await db()`
      insert into suppressions (organization_id, email_canonical, reason, detail)
      select o.id, ${canonical}, ${event.type}, ${event.detail?.slice(0, 500) ?? null}
      from organizations o
      where ${orgId ? db()`o.id = ${orgId}` : db()`exists (select 1 from supporters s where s.organization_id = o.id and s.email_canonical = ${canonical})`}
      on conflict (organization_id, email_canonical) do nothing`
    recorded += rows.count
  }
  return recorded
}
