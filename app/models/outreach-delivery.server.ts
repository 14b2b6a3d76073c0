import { db } from '~/utils/db.server'
import type { OutreachStatus } from '~/domain/states'

/**
 * The outreach delivery job's side of outreach_deliveries: claims (SKIP
 * LOCKED, with a lease), the send context and the results. See
 * docs/decisions/022-outreach.md.
 */

// ---------------------------------------------------------------------------
// The job's side: claims, results

export interface ClaimedOutreachDelivery {
  id: string
  outreachId: string
  officialId: string
  officialName: string
  officialTitle: string | null
  toAddress: string
  attempts: number
  /** When the copy fell due (its scheduled time): the retry window counts from here. */
  queuedAt: Date
}

/**
 * Scheduled outreaches whose time has come start sending; then up to
 * `limit` due rows of sending outreaches are claimed with a lease
 * (next_attempt_at moved `leaseSeconds` ahead): a worker that dies leaves
 * its rows to the next claim after the lease.
 */
export async function claimDueOutreachDeliveries({
  limit,
  leaseSeconds,
}: {
  limit: number
  leaseSeconds: number
}): Promise<ClaimedOutreachDelivery[]> {
  const sql = db()
  await sql`
    update outreaches set status = 'sending', updated_at = now()
    where status = 'scheduled' and scheduled_at <= now()`
  return sql<ClaimedOutreachDelivery[]>`
    with due as (
      select d.id from outreach_deliveries d join outreaches o on o.id = d.outreach_id
      where d.status in ('queued', 'sending') and d.next_attempt_at <= now()
        and o.status = 'sending'
      order by d.next_attempt_at
      limit ${limit}
      for update of d skip locked
    )
    update outreach_deliveries d
    set status = 'sending', attempts = d.attempts + 1,
      next_attempt_at = now() + ${leaseSeconds} * interval '1 second'
    from due, officials f, outreaches o
    where d.id = due.id and f.id = d.official_id and o.id = d.outreach_id
    returning d.id::text, d.outreach_id, d.official_id, f.name as official_name,
      f.title as official_title, d.to_address, d.attempts,
      greatest(d.created_at, o.scheduled_at) as queued_at`
}

export interface OutreachSendContext {
  id: string
  organizationId: string
  petitionId: string
  status: OutreachStatus
  subject: string
  body: string
  attachSignersCsv: boolean
  organizationName: string
  replyTo: string | null
  replyToName: string | null
}

export async function getOutreachSendContext(
  outreachId: string,
): Promise<OutreachSendContext | null> {
  const [row] = await db()<OutreachSendContext[]>`
    select o.id, o.organization_id, o.petition_id, o.status, o.subject, o.body,
      o.attach_signers_csv, org.name as organization_name, u.email as reply_to,
      u.name as reply_to_name
    from outreaches o
    join organizations org on org.id = o.organization_id
    left join users u on u.id = o.created_by
    where o.id = ${outreachId}`
  return row ?? null
}

/** Whether the outreach still sends (a cancelled one's claimed rows are dropped). */
export async function isOutreachSending(outreachId: string): Promise<boolean> {
  const [row] = await db()<{ status: OutreachStatus }[]>`
    select status from outreaches where id = ${outreachId}`
  return row?.status === 'sending'
}

/** Records the server's 250: sent is the truth even if cancelled meanwhile. */
export async function markOutreachDeliverySent({
  id,
  smtpMessageId,
}: {
  id: string
  smtpMessageId: string
}): Promise<void> {
  await db()`
    update outreach_deliveries
    set status = 'sent', sent_at = now(), smtp_message_id = ${smtpMessageId}, last_error = null
    where id = ${id}`
}

/** Leaves claimed rows for later (e.g. a cancelled outreach's, or on shutdown). */
export async function releaseOutreachDeliveries(ids: string[]): Promise<void> {
  if (ids.length === 0) return
  await db()`
    update outreach_deliveries set status = 'queued', next_attempt_at = now(),
      attempts = greatest(attempts - 1, 0)
    where id = any(${ids}::bigint[]) and status = 'sending'`
}

/** Sending outreaches with no row left to settle become sent. */
export async function finishSentOutreaches(): Promise<void> {
  await db()`
    update outreaches o set status = 'sent', finished_at = now(), updated_at = now()
    where o.status = 'sending'
      and not exists (
        select 1 from outreach_deliveries d
        where d.outreach_id = o.id and d.status in ('queued', 'sending'))`
}

/** When the next row falls due: a scheduled outreach, a retry or a lease running out. */
export async function nextOutreachDueAt(): Promise<Date | null> {
  const [row] = await db()<{ at: Date | null }[]>`
    select min(d.next_attempt_at) as at
    from outreach_deliveries d join outreaches o on o.id = d.outreach_id
    where d.status in ('queued', 'sending') and o.status in ('scheduled', 'sending')`
  return row?.at ?? null
}
