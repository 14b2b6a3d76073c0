import type { MessageRow, MessageStatistics } from '~/models/message.server'
import { DeadlineScheduleError } from '~/models/deadline-mail.server'
import { MessageStateError, UnknownPetitionsError } from '~/models/message.server'
import { apiError, identifiers, iso } from './envelope.server'
import { TemplateError } from '~/mail/templates.server'

/** A campaign message as the API shows it. */
export function messageResource(m: MessageRow, statistics: MessageStatistics) {
  return {
    id: m.id,
    identifiers: identifiers(m.id),
    subject: m.subject,
    body: m.body,
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
  }
}

/** The contract's answer to a message model error, or null when it is not one. */
export function messageErrorResponse(error: unknown): Response | null {
  if (error instanceof TemplateError)
    return apiError(422, 'The template does not render.', error.fields as Record<string, string[]>)
  if (error instanceof UnknownPetitionsError)
    return apiError(422, 'The request is not valid.', {
      targets: [`No such petition: ${error.petitionIds.join(', ')}.`],
    })
  if (error instanceof DeadlineScheduleError)
    return apiError(422, error.message, { hours_before_deadline: [error.message] })
  if (error instanceof MessageStateError)
    return apiError(409, `The message is already ${error.status}.`)
  return null
}
