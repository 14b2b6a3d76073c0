import type { ActionFunctionArgs } from '@remix-run/node'
import { cancelMessage, getMessageStatistics } from '~/models/message.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { messageErrorResponse, messageResource } from '~/api/messages.server'
import { apiError, methodNotAllowed } from '~/api/envelope.server'

/** POST: stop a scheduled or sending message (409 once it is sent). */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const organizer = await requireApiOrganizer(request)
  try {
    const message = await cancelMessage({
      organizationId: organizer.organizationId,
      messageId: params.id!,
    })
    if (!message) return apiError(404, 'No such message.')
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
