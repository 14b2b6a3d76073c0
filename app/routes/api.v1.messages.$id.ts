import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiOrganizer } from '~/api/auth.server'
import { apiError, methodNotAllowed } from '~/api/envelope.server'
import { messageResponse } from '~/api/messages.server'
import { getMessageForOrganization } from '~/models/message.server'

/** A message with its status and statistics, counted from its delivery rows. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const message = await getMessageForOrganization({
    organizationId: organizer.organizationId,
    messageId: params.id!,
  })
  if (!message) return apiError(404, 'No such message.')
  return messageResponse(request, message)
}

export function action() {
  return methodNotAllowed(['GET'])
}
