import type { ActionFunctionArgs } from '@remix-run/node'
import { requireApiOrganizer } from '~/api/auth.server'
import { apiError, methodNotAllowed } from '~/api/envelope.server'
import { apiErrorFor } from '~/api/errors.server'
import { messageResponse } from '~/api/messages.server'
import { cancelCampaign } from '~/services/campaigns.server'

/** POST: stop a scheduled or sending message (409 once it is sent). */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const organizer = await requireApiOrganizer(request)
  try {
    const message = await cancelCampaign({
      organizationId: organizer.organizationId,
      messageId: params.id!,
      actorId: organizer.userId,
    })
    if (!message) return apiError(404, 'No such message.')
    return messageResponse(request, message)
  } catch (error) {
    return apiErrorFor(error)
  }
}

export function loader() {
  return methodNotAllowed(['POST'])
}
