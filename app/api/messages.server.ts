import {
  getMessageStatistics,
  type MessageListItem,
  type MessageRow,
  type MessageStatistics,
} from '~/models/message.server'
import { hal, identifiers, iso } from './envelope.server'
import { messageLinks } from './links.server'

/** A campaign message as the API shows it. */
export function messageResource(m: MessageRow, statistics: MessageStatistics) {
  return {
    id: m.id,
    identifiers: identifiers(m.id),
    subject: m.subject,
    body: m.body,
    // Beyond the contract: the Spanish version, for signers who signed in Spanish (decision 040).
    subject_es: m.subjectEs,
    body_es: m.bodyEs,
    status: m.status,
    scheduled_at: iso(m.scheduledAt),
    deadline_case_id: m.deadlineCaseId,
    hours_before_deadline: m.hoursBeforeDeadline,
    outcome: m.outcome,
    cancel_reason: m.cancelReason,
    targets: m.petitionIds.map((id) => ({ petition_id: id })),
    // Beyond the contract (docs/api.md): the regions the message is limited to.
    audience: {
      countries: m.audienceCountries,
      postal_code_prefixes: m.audiencePostalPrefixes,
    },
    created_date: iso(m.createdAt),
    modified_date: iso(m.updatedAt),
    finished_at: iso(m.finishedAt),
    cancelled_at: iso(m.cancelledAt),
    statistics: {
      total_targeted: statistics.totalTargeted,
      sent: statistics.sent,
      failed: statistics.failed,
      unsubscribed: statistics.unsubscribed,
      queued: statistics.queued,
      skipped: statistics.skipped,
      cancelled: statistics.cancelled,
    },
    _links: messageLinks({ id: m.id, petitionIds: m.petitionIds }),
  }
}

/** A message in the organization's list: its `self` has the rest. */
export function messageListResource(m: MessageListItem) {
  return {
    id: m.id,
    identifiers: identifiers(m.id),
    subject: m.subject,
    status: m.status,
    scheduled_at: iso(m.scheduledAt),
    created_date: iso(m.createdAt),
    finished_at: iso(m.finishedAt),
    statistics: { total_targeted: m.totalTargeted ?? 0, sent: m.sent },
    _links: messageLinks({ id: m.id }),
  }
}

/** A message with its statistics, as the API answers it (`status` 201 for a create). */
export async function messageResponse(
  request: Request,
  message: MessageRow,
  status = 200,
): Promise<Response> {
  return hal(request, messageResource(message, await getMessageStatistics(message.id)), {
    status,
  })
}
