import { db, READ_RETRY_MS, retryOnConnectionLoss, type TransactionSql } from '~/utils/db.server'

/**
 * The delivery queue: the one place where delivery rows — a transactional
 * mail, a campaign's row per signer, an outreach's copy per official, a
 * letter digest, a webhook message — are claimed, leased, given back and recorded, and where
 * the next due time is read. Each kind is a table and a few SQL fragments
 * (DeliveryKind); the statements are the same for all. The rows are the
 * work: pg-boss only wakes whoever claims them.
 * See docs/decisions/020-delivery-engine.md.
 *
 * Every fragment reads the row as `d`; the fragments are constants of the
 * kind's model, never input.
 */

/** The tables whose rows are delivery records (a new kind adds its own). */
export const DELIVERY_TABLES = [
  'outbound_emails',
  'message_deliveries',
  'outreach_deliveries',
  'letter_digests',
  'webhook_deliveries',
] as const
export type DeliveryTable = (typeof DELIVERY_TABLES)[number]

export interface DeliveryKind<Row> {
  table: DeliveryTable
  /** The id column's type, for arrays of ids. */
  idType: 'uuid' | 'bigint'
  /** The column that keeps what the receiving server answered (a mail's id, an HTTP status). */
  messageIdColumn: 'message_id' | 'smtp_message_id' | 'response_status'
  /**
   * How long a claim holds a row before anyone may take it again: longer
   * than its transport's worst-case send (tests/delivery-queue.test.ts).
   */
  leaseSeconds: number
  /** Joins to the row's parents (and what the columns need), each with its alias. */
  joins?: string
  /** Which due rows may be claimed now, e.g. only rows of sending messages. */
  claimable?: string
  /** Which rows still wait for a claim later (next due); by default the claimable ones. */
  pending?: string
  /** Why a claimable row is not to be sent after all (it is settled as skipped), or null. */
  skipReason?: string
  /** A statement run before each claim, e.g. parents whose time has come start sending. */
  beforeClaim?: string
  /** When the row was queued: temporary failures are retried for DELIVERY_RETRY_HOURS from here. */
  queuedAt: string
  /** The kind's own columns that its sender reads, as `expression as name`. */
  columns: string
  /**
   * Run in the transaction that records rows sent, with the ids of those
   * that were not sent before (a record written twice announces nothing
   * twice), e.g. to write the event that a copy was delivered.
   */
  onSent?: (tx: TransactionSql, ids: string[]) => Promise<unknown>
  /** Only for the row's type: never set. */
  readonly row?: Row
}

/** What every claimed row carries, whatever its kind. */
export interface Claim {
  id: string
  /** Attempts so far, this one included. */
  attempts: number
  /** The retry window's start (the kind's `queuedAt`). */
  queuedAt: Date
  /** When the claim runs out and the row is anyone's again. */
  leaseUntil: Date
}

/** Temporary failures back off: 30 s, 1 min, 2 min … up to an hour between tries. */
function deliveryRetryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600)
}

/** How long temporary failures are retried, counted from when the record was queued. */
const DELIVERY_RETRY_HOURS = 24

const fragment = (text: string | undefined, otherwise = 'true') => db().unsafe(text ?? otherwise)

/**
 * Claims up to `limit` due rows (FOR UPDATE SKIP LOCKED: concurrent
 * claimers never wait for each other or take the same row) and leases
 * them: `next_attempt_at` moves `leaseSeconds` ahead, so a worker that
 * dies leaves its rows to the next claim after the lease. Rows with a skip
 * reason are settled as skipped in the same statement: `claimed` counts
 * them, `rows` holds only those to send. A claim whose answer is lost with
 * its connection is tried again; the rows it took wait out their lease,
 * unsent.
 */
export async function claimDue<Row>(
  kind: DeliveryKind<Row>,
  { limit, leaseSeconds = kind.leaseSeconds }: { limit: number; leaseSeconds?: number },
): Promise<{ rows: (Row & Claim)[]; claimed: number }> {
  const sql = db()
  const joins = fragment(kind.joins, '')
  const claim = () =>
    sql<(Row & Claim & { status: string })[]>`
      with due as (
        select d.id, ${fragment(kind.skipReason, 'null')}::text as skip_reason
        from ${sql(kind.table)} d ${joins}
        where d.status in ('queued', 'sending') and d.next_attempt_at <= now()
          and ${fragment(kind.claimable)}
        order by d.next_attempt_at
        limit ${limit}
        for update of d skip locked
      ), claimed as (
        update ${sql(kind.table)} d
        set status = case when due.skip_reason is null then 'sending' else 'skipped' end,
          last_error = coalesce(due.skip_reason, d.last_error),
          attempts = d.attempts + case when due.skip_reason is null then 1 else 0 end,
          next_attempt_at = now() + ${leaseSeconds} * interval '1 second'
        from due where d.id = due.id
        returning d.*
      )
      select d.id::text as id, d.status, d.attempts, ${fragment(kind.queuedAt)} as queued_at,
        d.next_attempt_at as lease_until, ${fragment(kind.columns)}
      from claimed d ${joins}`
  const all = await retryOnConnectionLoss(
    async () => {
      if (kind.beforeClaim) await sql.unsafe(kind.beforeClaim)
      return claim()
    },
    { forMs: READ_RETRY_MS },
  )
  return { rows: all.filter((row) => row.status === 'sending'), claimed: all.length }
}

export interface SentRecord {
  id: string
  messageId: string
  sentAt: Date
}

/**
 * Records the server's 250s in one statement (a sender groups the answers
 * of its concurrent sends): sent is the truth even if the parent was
 * cancelled meanwhile. The mail is out, so the record must be written:
 * after a lost connection it is written again on the next one, for as long
 * as the process lives (the statement may run twice; the result is the same).
 */
export async function recordSent(
  kind: DeliveryKind<unknown>,
  sent: SentRecord[],
  { onLoss }: { onLoss?: (error: unknown) => void } = {},
): Promise<void> {
  if (sent.length === 0) return
  const sql = db()
  const ids = sent.map((s) => s.id)
  const messageIds = sent.map((s) => s.messageId)
  const sentAts = sent.map((s) => s.sentAt.toISOString())
  const rows = sql`unnest(${ids}::${sql.unsafe(kind.idType)}[], ${messageIds}::text[],
    ${sentAts}::timestamptz[]) as s(id, message_id, sent_at)`
  const set = sql`status = 'sent', sent_at = s.sent_at,
    ${sql(kind.messageIdColumn)} = s.message_id, last_error = null`
  const onSent = kind.onSent
  await retryOnConnectionLoss(
    async () => {
      if (!onSent) {
        await sql`update ${sql(kind.table)} d set ${set} from ${rows} where d.id = s.id`
        return
      }
      // The row as it was (a self-join reads the snapshot before the update):
      // only rows not already sent are announced.
      await sql.begin(async (tx) => {
        const recorded = await tx<{ id: string; was: string }[]>`
          update ${sql(kind.table)} d set ${set}
          from ${rows}, ${sql(kind.table)} before
          where d.id = s.id and before.id = d.id
          returning d.id::text as id, before.status as was`
        const fresh = recorded.filter((r) => r.was !== 'sent').map((r) => r.id)
        if (fresh.length > 0) await onSent(tx, fresh)
      })
    },
    { onLoss },
  )
}

/**
 * Records a failed attempt: permanent ones (5xx, a mail that can no longer
 * be made) and temporary ones older than the retry window end as failed
 * with the reason; others are queued again after the backoff. A row no
 * longer `sending` (its parent was cancelled meanwhile) is left as it is.
 */
export async function recordFailed(
  kind: DeliveryKind<unknown>,
  {
    id,
    error,
    permanent,
    attempts,
    queuedAt,
  }: { id: string; error: string; permanent: boolean; attempts: number; queuedAt: Date },
): Promise<'retry' | 'failed'> {
  const giveUp = permanent || Date.now() - queuedAt.getTime() > DELIVERY_RETRY_HOURS * 3_600_000
  const delay = deliveryRetryDelaySeconds(attempts)
  const sql = db()
  await retryOnConnectionLoss(
    () => sql`
      update ${sql(kind.table)}
      set status = ${giveUp ? 'failed' : 'queued'}, last_error = ${error.slice(0, 1000)},
        next_attempt_at = now() + ${delay} * interval '1 second'
      where id = ${id} and status = 'sending'`,
  )
  return giveUp ? 'failed' : 'retry'
}

/**
 * Gives back claimed rows that were not sent (a lease running short, a
 * worker stopping), so that each is sent once, later, by whoever claims it;
 * the attempt the claim counted is taken back. A row someone else has
 * claimed since (a different lease) is left alone.
 */
export async function releaseClaims(
  kind: DeliveryKind<unknown>,
  claims: Pick<Claim, 'id' | 'leaseUntil'>[],
): Promise<void> {
  if (claims.length === 0) return
  const sql = db()
  const ids = claims.map((c) => c.id)
  const leases = claims.map((c) => c.leaseUntil.toISOString())
  await retryOnConnectionLoss(
    () => sql`
      update ${sql(kind.table)} d
      set status = 'queued', next_attempt_at = now(), attempts = greatest(d.attempts - 1, 0)
      from unnest(${ids}::${sql.unsafe(kind.idType)}[], ${leases}::timestamptz[])
        as c(id, lease_until)
      where d.id = c.id and d.status = 'sending'
        and date_trunc('milliseconds', d.next_attempt_at) = c.lease_until`,
  )
}

/** When the next row falls due: a retry, a lease running out, a parent's time. */
export async function nextDueAt(kind: DeliveryKind<unknown>): Promise<Date | null> {
  const sql = db()
  const [row] = await retryOnConnectionLoss(
    () => sql<{ at: Date | null }[]>`
      select min(d.next_attempt_at) as at from ${sql(kind.table)} d ${fragment(kind.joins, '')}
      where d.status in ('queued', 'sending')
        and ${fragment(kind.pending ?? kind.claimable)}`,
    { forMs: READ_RETRY_MS },
  )
  return row?.at ?? null
}

export interface DeliveryQueueStats {
  table: DeliveryTable
  /** Rows queued or being sent. */
  waiting: number
  /** How long the oldest row due now has waited past its due time; 0 when none is due. */
  oldestDueSeconds: number
}

/** Each kind's depth and oldest due row, as /metrics shows them (one statement for all kinds). */
export async function deliveryQueueStats(): Promise<DeliveryQueueStats[]> {
  const sql = db()
  const perTable = DELIVERY_TABLES.map(
    (table) => sql`
      select ${table}::text as "table", count(*)::int as waiting,
        coalesce(extract(epoch from now() - min(next_attempt_at)
          filter (where next_attempt_at <= now())), 0)::float8 as oldest_due_seconds
      from ${sql(table)} where status in ('queued', 'sending')`,
  )
  const union = perTable.reduce((all, one) => sql`${all} union all ${one}`)
  return sql<DeliveryQueueStats[]>`${union}`
}
