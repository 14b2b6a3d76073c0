import type { ActionFunctionArgs } from '@remix-run/node'
import { scheduleFanOut } from '~/jobs/campaign-fanout.server'
import { scheduleMessageBeforeDeadline } from '~/models/deadline-mail.server'
import { getMessageStatistics, sendMessage } from '~/models/message.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { messageErrorResponse, messageResource } from '~/api/messages.server'
import { apiError, methodNotAllowed, readJson } from '~/api/envelope.server'
import { env } from '~/utils/env.server'
import { MessageSendSchema } from '~/validation/message'

/**
 * POST: send now, at `scheduled_at` (a time to come) if the body gives one,
 * or `hours_before_deadline` hours before the case's next date, following
 * the date when it moves (beyond the contract; docs/api.md).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const organizer = await requireApiOrganizer(request)
  // No body at all means "now".
  const hasBody = (await request.clone().text()).trim().length > 0
  const body = hasBody ? await readJson(request, MessageSendSchema) : {}
  if (body instanceof Response) return body
  try {
    const target = {
      organizationId: organizer.organizationId,
      messageId: params.id!,
      appUrl: env().appUrl,
    }
    const message =
      body.hours_before_deadline != null
        ? await scheduleMessageBeforeDeadline({ ...target, hours: body.hours_before_deadline })
        : await sendMessage({ ...target, scheduledAt: body.scheduled_at ?? null })
    if (!message) return apiError(404, 'No such message.')
    // A deadline-timed message without a date yet waits: the case's next change wakes it.
    if (message.scheduledAt || message.status === 'sending')
      await scheduleFanOut(message.scheduledAt ?? new Date())
    return Response.json(messageResource(message, await getMessageStatistics(message.id)))
  } catch (error) {
    const response = messageErrorResponse(error)
    if (response) return response
    throw error
  }
}

export function loader() {
  return methodNotAllowed(['POST'])
}
