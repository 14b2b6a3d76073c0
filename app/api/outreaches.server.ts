import type { OutreachRow, OutreachWithDeliveries } from '~/models/outreach.server'
import type { OutreachDeliveryStatus } from '~/domain/states'
import { identifiers, iso } from './envelope.server'
import { outreachLinks } from './links.server'

/**
 * The contract's delivery states (queued, sent, failed): a claimed row (an
 * internal lease) is still queued; a copy of a cancelled outreach was not
 * delivered, so it reads failed, its error saying why.
 */
function deliveryStatus(status: OutreachDeliveryStatus): 'queued' | 'sent' | 'failed' {
  if (status === 'sending') return 'queued'
  if (status === 'cancelled') return 'failed'
  return status
}

/** An outreach as the API shows it; `deliveries` only on the single resource. */
export function outreachResource(o: OutreachRow | OutreachWithDeliveries) {
  return {
    id: o.id,
    identifiers: identifiers(o.id),
    petition_id: o.petitionId,
    subject: o.subject,
    body: o.body,
    attach_signers: o.attachSignersCsv,
    attach_packet: o.attachPacket,
    status: o.status,
    scheduled_at: iso(o.scheduledAt),
    created_date: iso(o.createdAt),
    modified_date: iso(o.updatedAt),
    finished_at: iso(o.finishedAt),
    cancelled_at: iso(o.cancelledAt),
    ...('deliveries' in o
      ? {
          deliveries: o.deliveries.map((d) => ({
            official_id: d.officialId,
            name: d.officialName,
            status: deliveryStatus(d.status),
            error: d.status === 'sent' ? null : d.lastError,
            attempts: d.attempts,
            sent_at: iso(d.sentAt),
          })),
        }
      : {}),
    _links: outreachLinks({
      id: o.id,
      petitionId: o.petitionId,
      officialIds: 'deliveries' in o ? o.deliveries.map((d) => d.officialId) : undefined,
    }),
  }
}

/** The API's field names for an outreach's errors. */
export const OUTREACH_FIELDS = { petition: 'petition_id', targets: 'target_ids' }
