import { db } from '~/utils/db.server'
import type { OutreachStatus } from '~/domain/states'
import type { DeliveryKind } from './delivery-queue.server'
import { emitWebhookEvents } from './webhook-event.server'

/**
 * The outreach kind of the delivery queue (delivery-queue.server.ts claims
 * and records the rows), what its sender reads, and the settling of
 * finished outreaches. See docs/decisions/022-outreach.md.
 */

/** What the outreach sender reads of each claimed copy. */
export interface OutreachCopy {
  outreachId: string
  officialId: string
  officialName: string
  officialTitle: string | null
  toAddress: string
}

/**
 * Outreach copies in the delivery queue: scheduled outreaches whose time
 * has come start sending before each claim, and only copies of sending
 * outreaches are claimed. The retry window counts from when the copy fell
 * due (its outreach's time), not from when it was written.
 */
export const OUTREACH_DELIVERIES: DeliveryKind<OutreachCopy> = {
  table: 'outreach_deliveries',
  idType: 'bigint',
  messageIdColumn: 'smtp_message_id',
  leaseSeconds: 60,
  joins: `join outreaches o on o.id = d.outreach_id join officials f on f.id = d.official_id`,
  beforeClaim: `
    update outreaches set status = 'sending', updated_at = now()
    where status = 'scheduled' and scheduled_at <= now()`,
  claimable: `o.status = 'sending'`,
  pending: `o.status in ('scheduled', 'sending')`,
  queuedAt: `greatest(d.created_at, o.scheduled_at)`,
  columns: `d.outreach_id, d.official_id, f.name as official_name, f.title as official_title,
    d.to_address`,
  // Each copy the official's mail server took is announced (outreach.delivered) as it is recorded.
  onSent: (tx, ids) => emitWebhookEvents(tx, 'outreach.delivered', ids),
}

export interface OutreachSendContext {
  id: string
  organizationId: string
  petitionId: string
  status: OutreachStatus
  subject: string
  body: string
  attachSignersCsv: boolean
  attachPacket: boolean
  organizationName: string
  replyTo: string | null
  replyToName: string | null
}

export async function getOutreachSendContext(
  outreachId: string,
): Promise<OutreachSendContext | null> {
  const [row] = await db()<OutreachSendContext[]>`
    select o.id, o.organization_id, o.petition_id, o.status, o.subject, o.body,
      o.attach_signers_csv, o.attach_packet, org.name as organization_name, u.email as reply_to,
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

/** Sending outreaches with no row left to settle become sent. */
export async function finishSentOutreaches(): Promise<void> {
  await db()`
    update outreaches o set status = 'sent', finished_at = now(), updated_at = now()
    where o.status = 'sending'
      and not exists (
        select 1 from outreach_deliveries d
        where d.outreach_id = o.id and d.status in ('queued', 'sending'))`
}
