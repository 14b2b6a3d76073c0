import type { ActionFunctionArgs } from '@remix-run/node'
import { requireApiOrganizer } from '~/api/auth.server'
import { apiError, methodNotAllowed, readJson } from '~/api/envelope.server'
import { apiErrorFor } from '~/api/errors.server'
import { messageResponse } from '~/api/messages.server'
import { scheduleCampaignBeforeDeadline, sendCampaign } from '~/services/campaigns.server'
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
  const target = {
    organizationId: organizer.organizationId,
    messageId: params.id!,
    actorId: organizer.userId,
  }
  try {
    const message =
      body.hours_before_deadline != null
        ? await scheduleCampaignBeforeDeadline({ ...target, hours: body.hours_before_deadline })
        : await sendCampaign({ ...target, scheduledAt: body.scheduled_at ?? null })
    if (!message) return apiError(404, 'No such message.')
    return messageResponse(request, message)
  } catch (error) {
    return apiErrorFor(error)
  }
}

export function loader() {
  return methodNotAllowed(['POST'])
}
