import type { OutreachRow, OutreachWithDeliveries } from '~/models/outreach.server'
import { OutreachInputError, OutreachStateError } from '~/models/outreach.server'
import type { OutreachDeliveryStatus } from '~/domain/states'
import { apiError, identifiers, iso } from './envelope.server'
import { TemplateError } from '~/mail/templates.server'

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
  }
}

/** The contract's answer to an outreach model error, or null when it is not one. */
export function outreachErrorResponse(error: unknown): Response | null {
  if (error instanceof TemplateError)
    return apiError(422, 'The template does not render.', error.fields as Record<string, string[]>)
  if (error instanceof OutreachInputError)
    return apiError(422, 'The request is not valid.', {
      ...(error.fields.petition ? { petition_id: error.fields.petition } : {}),
      ...(error.fields.targets ? { target_ids: error.fields.targets } : {}),
    })
  if (error instanceof OutreachStateError)
    return apiError(409, `The outreach is already ${error.status}.`)
  return null
}
