import type { ActionFunctionArgs } from '@remix-run/node'
import { scheduleFanOut } from '~/jobs/campaign-fanout.server'
import { getMessageStatistics, sendMessage } from '~/models/message.server'
import { requireApiOrganizer } from '~/utils/api-auth.server'
import { messageErrorResponse, messageResource } from '~/utils/api-messages.server'
import { apiError, methodNotAllowed, readJson } from '~/utils/api.server'
import { env } from '~/utils/env.server'
import { MessageSendSchema } from '~/validation/message'

/** POST: send now, or at `scheduled_at` (a time to come) if the body gives one. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const organizer = await requireApiOrganizer(request)
  // No body at all means "now".
  const hasBody = (await request.clone().text()).trim().length > 0
  const body = hasBody ? await readJson(request, MessageSendSchema) : {}
  if (body instanceof Response) return body
  try {
    const message = await sendMessage({
      organizationId: organizer.organizationId,
      messageId: params.id!,
      scheduledAt: body.scheduled_at ?? null,
      appUrl: env().appUrl,
    })
    if (!message) return apiError(404, 'No such message.')
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
