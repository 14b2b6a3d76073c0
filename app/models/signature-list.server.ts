import type { Readable } from 'node:stream'
import { createSql, db, escapeLike, type Sql } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import { SIGNATURE_STATUSES, type SignatureStatus } from '~/domain/states'
import { leadVisibleEmail, leadVisibleEmailText, partnerOnlySignature } from './rules.server'

/**
 * The organizer's view of a petition's signatures: a list that stays fast on
 * a million rows, and the streamed CSV export. Every function checks that
 * the petition is the organization's before it reads a signature.
 */

export interface SignatureListItem {
  id: string
  name: string
  email: string
  postalCode: string
  locality: string | null
  country: string
  comment: string | null
  subscribe: boolean
  public: boolean
  status: SignatureStatus
  createdAt: Date
  confirmedAt: Date | null
  ip: string | null
  /** What brought the signer (decision 035); null for none. */
  source: string | null
}

export interface SignaturePage {
  signatures: SignatureListItem[]
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null
}

async function ownsPetition(organizationId: string, petitionId: string): Promise<boolean> {
  if (!isUuid(petitionId)) return false
  const [row] = await db()<{ id: string }[]>`
    select id from petitions where id = ${petitionId} and organization_id = ${organizationId}`
  return !!row
}

/**
 * A cursor is the last row's (created_at, id). created_at goes as whole
 * microseconds since the epoch: a JS Date would drop the microseconds and
 * skip or repeat rows.
 */
function encodeCursor(micros: string, id: string): string {
  return Buffer.from(`${micros}:${id}`).toString('base64url')
}

function decodeCursor(cursor: string): { micros: string; id: string } | null {
  const [micros, id] = Buffer.from(cursor, 'base64url').toString().split(':')
  if (!micros || !id || !/^\d{1,20}$/.test(micros) || !isUuid(id)) return null
  return { micros, id }
}

/** Escapes LIKE wildcards so a search is a literal prefix. */
function prefixPattern(term: string): string {
  return `${escapeLike(term.toLowerCase())}%`
}

function signatureFilter(sql: Sql, { q, status }: { q?: string; status?: SignatureStatus }) {
  const term = q?.trim()
  // Prefix searches on lower(email) and lower(name): each has its own index
  // (migration 00003), so a search reads only the matching range. An email
  // the lead does not see is not found by it either (decision 043).
  const search = term
    ? sql`and ((lower(email) like ${prefixPattern(term)} and not ${partnerOnlySignature('signatures')})
        or lower(name) like ${prefixPattern(term)})`
    : sql``
  return sql`${search} ${status ? sql`and status = ${status}` : sql``}`
}

/**
 * One page of a petition's signatures, newest first. Keyset pagination with
 * `cursor` stays fast at any depth; `offset` (for numbered API pages) is
 * fine near the front. Searches by the start of the email or the name.
 * Null when the petition is not the organization's.
 */
export async function listSignatures({
  organizationId,
  petitionId,
  limit = 25,
  offset = 0,
  cursor,
  q,
  status,
}: {
  organizationId: string
  petitionId: string
  limit?: number
  offset?: number
  cursor?: string | null
  q?: string
  status?: SignatureStatus
}): Promise<SignaturePage | null> {
  if (!(await ownsPetition(organizationId, petitionId))) return null
  const sql = db()
  const after = cursor ? decodeCursor(cursor) : null
  const at = after
    ? sql`(timestamptz 'epoch' + ${after.micros}::bigint * interval '1 microsecond')`
    : null
  const rows = await sql<(SignatureListItem & { cursorMicros: string })[]>`
    select id, name, ${leadVisibleEmail('signatures')} as email, postal_code, locality, country,
      comment, subscribe, public, status, created_at, confirmed_at, host(ip) as ip, source,
      (extract(epoch from created_at) * 1000000)::bigint::text as cursor_micros
    from signatures
    where petition_id = ${petitionId} ${signatureFilter(sql, { q, status })}
      ${at ? sql`and created_at <= ${at} and (created_at < ${at} or id < ${after!.id})` : sql``}
    order by created_at desc, id desc
    limit ${limit + 1} ${after ? sql`` : sql`offset ${offset}`}`
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    signatures: page.map(({ cursorMicros: _c, ...row }) => row),
    nextCursor: rows.length > limit && last ? encodeCursor(last.cursorMicros, last.id) : null,
  }
}

/** One signature of one of the organization's petitions, or null (another's, or none). */
export async function getSignatureForOrganization({
  organizationId,
  petitionId,
  signatureId,
}: {
  organizationId: string
  petitionId: string
  signatureId: string
}): Promise<SignatureListItem | null> {
  if (!isUuid(signatureId) || !(await ownsPetition(organizationId, petitionId))) return null
  const [row] = await db()<SignatureListItem[]>`
    select id, name, ${leadVisibleEmail('signatures')} as email, postal_code, locality, country,
      comment, subscribe, public, status, created_at, confirmed_at, host(ip) as ip, source
    from signatures where id = ${signatureId} and petition_id = ${petitionId}`
  return row ?? null
}

/** How many signatures match the same filters as listSignatures; null for a foreign petition. */
export async function countSignatures({
  organizationId,
  petitionId,
  q,
  status,
}: {
  organizationId: string
  petitionId: string
  q?: string
  status?: SignatureStatus
}): Promise<number | null> {
  if (!(await ownsPetition(organizationId, petitionId))) return null
  const sql = db()
  if (!q?.trim()) {
    // Without a search, the statistics rollups (petition-stats.server.ts,
    // kept exact by a trigger) answer in a few rows instead of a count over
    // up to a million signatures.
    const [row] = await sql<{ n: number }[]>`
      select coalesce(sum(n), 0)::int as n from (
        select status, n from signature_stats_hourly where petition_id = ${petitionId}
        union all
        select status, delta from signature_stat_deltas where petition_id = ${petitionId}
      ) s
      ${status ? sql`where status = ${status}` : sql``}`
    return row!.n
  }
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from signatures
    where petition_id = ${petitionId} ${signatureFilter(sql, { q, status })}`
  return row!.n
}

/**
 * Every CSV Vigil writes starts with the UTF-8 byte order mark: without it
 * Excel reads the file as the system's legacy code page and "José" becomes
 * "JosÃ©"; LibreOffice, Numbers, Google Sheets and csv readers that know
 * UTF-8 (Python's `utf-8-sig`) skip it. Decision 032.
 */
export const CSV_BOM = '\uFEFF'

const FORMULA_START = /^[=+\-@\t\r]/

/**
 * One CSV cell: a value a spreadsheet would run as a formula (starting with
 * = + - @, or a tab or carriage return) gets a leading single quote; then
 * RFC 4180 quoting where the value needs it. The export does the same with
 * csvNeutralSql and COPY's quoting (a test holds them to the same answers).
 */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? ''
  if (FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** csvCell's neutralizing as SQL over `expression` (a column, never input). */
export function csvNeutralSql(expression: string): string {
  return `(case when left(${expression}, 1) in ('=', '+', '-', '@', E'\\t', E'\\r')
    then '''' || ${expression} else ${expression} end)`
}

export const CSV_COLUMNS = ['name', 'locality', 'postal_code', 'country', 'signed_at', 'comment']

const CSV_SOURCES: Record<string, string> = {
  name: 'name',
  locality: 'locality',
  postal_code: 'postal_code',
  country: 'country',
  signed_at: `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
  comment: 'comment',
  // A signer who let only partners contact them: no email for the lead (decision 043).
  email: leadVisibleEmailText('signatures'),
}

/**
 * A petition's signatures as CSV, streamed by PostgreSQL's `COPY … TO
 * STDOUT (FORMAT csv)`: the fastest way out of the database, with
 * backpressure from the reader down to the database socket, so neither the
 * rows nor the file are ever held whole in memory. Cells are neutralized in
 * the query (csvNeutralSql); COPY quotes. The export runs on a connection of
 * its own, closed when the download ends or is abandoned: postgres.js
 * 3.4.9 can leave a connection paused after a COPY, which must never be a
 * pooled one. Oldest first. Emails only when the organization asks for its
 * own copy. By default the confirmed signatures (those counted and
 * delivered); `status: 'all'` exports every signature. Null when the
 * petition is not the organization's.
 */
export async function streamSignaturesCsv({
  organizationId,
  petitionId,
  includeEmails,
  status = 'confirmed',
}: {
  organizationId: string
  petitionId: string
  includeEmails: boolean
  status?: SignatureStatus | 'all'
}): Promise<ReadableStream<Uint8Array> | null> {
  if (!(await ownsPetition(organizationId, petitionId))) return null
  if (status !== 'all' && !(SIGNATURE_STATUSES as readonly string[]).includes(status))
    throw new Error(`Unknown signature status: ${status}`)
  const header = includeEmails ? [...CSV_COLUMNS, 'email'] : CSV_COLUMNS
  // COPY takes no bind parameters: the petition id is a checked UUID (above)
  // and the status one of the known list, so both are safe as literals.
  const copy = `copy (
      select ${header.map((column) => `${csvNeutralSql(CSV_SOURCES[column]!)} as ${column}`).join(', ')}
      from signatures
      where petition_id = '${petitionId}'::uuid ${status === 'all' ? '' : `and status = '${status}'`}
      order by created_at, id
    ) to stdout with (format csv, header true)`
  const connection = createSql({ max: 1, name: 'vigil:csv-export' })
  let pid: number | null = null
  let stream: Readable | null = null
  let source: AsyncIterator<Buffer> | null = null
  let closed = false
  const close = async ({ abandoned }: { abandoned: boolean }) => {
    if (closed) return
    closed = true
    if (abandoned && pid !== null) {
      // The server is blocked writing rows nobody reads, and would not see a
      // polite goodbye: end its backend from a pooled connection, and let the
      // socket read to its close.
      stream?.on('data', () => {}).resume()
      await db()`select pg_terminate_backend(${pid})`.catch(() => {})
    }
    await connection.end({ timeout: 0 }).catch(() => {})
  }
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(new TextEncoder().encode(CSV_BOM))
      },
      async pull(controller) {
        try {
          if (!source) {
            const [backend] = await connection<{ pid: number }[]>`select pg_backend_pid() as pid`
            pid = backend!.pid
            stream = await connection.unsafe(copy).readable()
            stream.on('error', () => {}) // reported through the iterator, or moot after close
            source = stream[Symbol.asyncIterator]()
          }
          const next = await source.next()
          if (next.done) {
            controller.close()
            await close({ abandoned: false })
            return
          }
          controller.enqueue(next.value)
        } catch (error) {
          controller.error(error)
          await close({ abandoned: true })
        }
      },
      async cancel() {
        await close({ abandoned: true })
      },
    },
    { highWaterMark: 1 },
  )
}
