import { z } from 'zod'
import { CASE_STATUSES, NEXT_DATE_KINDS, type CaseStatus, type NextDateKind } from '~/domain/states'
import { createCase, type CaseChanges } from '~/models/case.server'
import {
  confirmImport,
  createImport,
  getImport,
  parseCsv,
  previewRows,
  runImport,
  type ImportKind,
  type ParsedImport,
} from '~/models/csv-import.server'
import { findCasesByNumber } from '~/models/case-import.server'
import { boss, QUEUES, wake } from '~/utils/jobs.server'
import { isValidTimeZone } from '~/utils/time'
import { zonedLocalToInstant } from '~/utils/zoned-time'
import { text as plainText } from '~/validation/text'
import { applyCaseUpdate } from './cases.server'

/**
 * Cases imported from CSV, through the one import mechanism
 * (models/csv-import.server.ts): previewed with errors by line, then saved
 * by a job in batches. A row updates the organization's case with the same
 * case number and jurisdiction (ignoring case and spaces), else adds one.
 * On an update an empty cell keeps what the case has (a blank never erases
 * a date); a change of status or date goes through updateCase's steps, so
 * the timeline, timed mail and petitions follow as they do for an edit.
 */

export const CASE_IMPORT_COLUMNS = [
  'person_name',
  'case_number',
  'jurisdiction',
  'court',
  'status',
  'next_date',
  'next_date_kind',
  'time_zone',
  'summary',
] as const

export interface CaseImportRow {
  line: number
  personName: string
  caseNumber: string
  jurisdiction: string
  court: string | null
  status: CaseStatus | null
  /** ISO 8601 (UTC) once read: rows are kept as JSON until the job saves them. */
  nextDate: string | null
  nextDateKind: NextDateKind | null
  timeZone: string | null
  summary: string | null
}

const DEFAULT_TIME_ZONE = 'America/New_York'
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i
const LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2})?)$/

const text = (max: number, label: string) =>
  plainText().trim().max(max, `${label} must be at most ${max} characters.`)
const optional = (max: number, label: string) => text(max, label).transform((v) => v || null)

const RowSchema = z
  .object({
    person_name: text(200, 'person_name').min(1, 'person_name is missing.'),
    case_number: text(100, 'case_number').min(
      1,
      'case_number is missing (rows are matched by case number and jurisdiction).',
    ),
    jurisdiction: text(200, 'jurisdiction').min(1, 'jurisdiction is missing.'),
    court: optional(200, 'court'),
    status: z
      .union([z.literal(''), z.enum(CASE_STATUSES)], {
        error: `status must be one of ${CASE_STATUSES.join(', ')}.`,
      })
      .transform((v) => v || null),
    next_date: z.string().trim(),
    next_date_kind: z
      .union([z.literal(''), z.enum(NEXT_DATE_KINDS)], {
        error: `next_date_kind must be one of ${NEXT_DATE_KINDS.join(', ')}.`,
      })
      .transform((v) => v || null),
    time_zone: z
      .string()
      .trim()
      .refine((v) => v === '' || (/^[A-Za-z]/.test(v) && isValidTimeZone(v)), {
        message: 'time_zone must be an IANA time zone, like America/Chicago.',
      })
      .transform((v) => v || null),
    summary: optional(20_000, 'summary'),
  })
  .transform((row, ctx) => {
    let nextDate: string | null = null
    const raw = row.next_date
    if (raw) {
      const local = LOCAL.exec(raw)
      const at = WITH_OFFSET.test(raw)
        ? new Date(raw.replace(' ', 'T'))
        : local
          ? zonedLocalToInstant(`${local[1]}T${local[2]}`, row.time_zone ?? DEFAULT_TIME_ZONE)
          : null
      if (!at || Number.isNaN(at.getTime()))
        ctx.addIssue({
          code: 'custom',
          message:
            'next_date must be a date and time, like 2026-12-03 18:00 (in the row’s time_zone) or 2026-12-03T18:00:00-06:00.',
        })
      else nextDate = at.toISOString()
      if (!row.next_date_kind)
        ctx.addIssue({
          code: 'custom',
          message: 'next_date_kind is missing: say what the date is.',
        })
    }
    return {
      personName: row.person_name,
      caseNumber: row.case_number,
      jurisdiction: row.jurisdiction,
      court: row.court,
      status: row.status,
      nextDate,
      nextDateKind: row.next_date_kind,
      timeZone: row.time_zone,
      summary: row.summary,
    }
  })

const matchKey = (caseNumber: string, jurisdiction: string) =>
  `${caseNumber.trim().toLowerCase()}|${jurisdiction.trim().toLowerCase()}`

/** Only what the row gives: an empty cell keeps the case's value. */
function changesFrom(row: CaseImportRow): CaseChanges {
  const changes: CaseChanges = { personName: row.personName }
  if (row.court !== null) changes.court = row.court
  if (row.status !== null) changes.status = row.status
  if (row.nextDate !== null) changes.nextDate = new Date(row.nextDate)
  if (row.nextDateKind !== null) changes.nextDateKind = row.nextDateKind
  if (row.timeZone !== null) changes.timeZone = row.timeZone
  if (row.summary !== null) changes.summary = row.summary
  return changes
}

function casesImport(
  actorId: string | null,
  woken: { mail: boolean; webhooks: boolean } = { mail: false, webhooks: false },
): ImportKind<CaseImportRow> {
  return {
    table: 'case_imports',
    columns: CASE_IMPORT_COLUMNS,
    required: ['person_name', 'case_number', 'jurisdiction'],
    rowSchema: RowSchema,
    key: (row) => matchKey(row.caseNumber, row.jurisdiction),
    duplicate: (line) => `The same case number and jurisdiction as line ${line}; one row per case.`,
    async saveBatch(tx, organizationId, rows) {
      const existing = await findCasesByNumber(tx, {
        organizationId,
        keys: rows.map((r) => ({ caseNumber: r.caseNumber, jurisdiction: r.jurisdiction })),
      })
      let created = 0
      for (const row of rows) {
        const caseId = existing.get(matchKey(row.caseNumber, row.jurisdiction))
        if (caseId) {
          const { mailDue, announced } = await applyCaseUpdate(tx, {
            organizationId,
            caseId,
            changes: changesFrom(row),
            note: 'Updated by a CSV import',
            actorId,
          })
          if (mailDue) woken.mail = true
          if (announced) woken.webhooks = true
          continue
        }
        await createCase(
          {
            organizationId,
            personName: row.personName,
            caseNumber: row.caseNumber,
            jurisdiction: row.jurisdiction,
            court: row.court,
            status: row.status ?? 'pending',
            nextDate: row.nextDate ? new Date(row.nextDate) : null,
            nextDateKind: row.nextDateKind,
            timeZone: row.timeZone ?? DEFAULT_TIME_ZONE,
            summary: row.summary ?? '',
            createdBy: actorId,
          },
          tx,
        )
        created++
      }
      return created
    },
  }
}

/** The kind as the preview and the pages use it (saving needs the job's own). */
export const CASES_IMPORT = casesImport(null)

export function parseCasesCsv(text: string): ParsedImport<CaseImportRow> {
  return parseCsv(CASES_IMPORT, text)
}

export const createCaseImport = (input: Parameters<typeof createImport<CaseImportRow>>[1]) =>
  createImport(CASES_IMPORT, input)

export const getCaseImport = (input: { organizationId: string; importId: string }) =>
  getImport(CASES_IMPORT, input)

export const previewCaseImportRows = (input: { organizationId: string; importId: string }) =>
  previewRows(CASES_IMPORT, input)

/**
 * Confirms a preview and queues its job. Null when the import is not the
 * organization's; ImportNotInPreviewError once it was confirmed.
 */
export async function startCaseImport(input: {
  organizationId: string
  importId: string
  actorId: string | null
}) {
  const row = await confirmImport(CASES_IMPORT, input)
  if (row)
    await (await boss()).send(QUEUES.casesImport, { importId: row.id, actorId: input.actorId })
  return row
}

/**
 * The job: saves the rows in batches; wakes the fan-out if a changed date
 * made mail due, and the webhooks if an updated case was announced.
 */
export async function runCaseImport({
  importId,
  actorId = null,
}: {
  importId: string
  actorId?: string | null
}): Promise<void> {
  const woken = { mail: false, webhooks: false }
  await runImport(casesImport(actorId, woken), { importId })
  if (woken.mail) await wake(QUEUES.campaignFanout)
  if (woken.webhooks) await wake(QUEUES.webhookDelivery)
}
