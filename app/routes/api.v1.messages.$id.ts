import type { LoaderFunctionArgs } from '@remix-run/node'
import { getMessageForOrganization, getMessageStatistics } from '~/models/message.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { messageResource } from '~/api/messages.server'
import { apiError, methodNotAllowed } from '~/api/envelope.server'

/** A message with its status and statistics, counted from its delivery rows. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const message = await getMessageForOrganization({
    organizationId: organizer.organizationId,
    messageId: params.id!,
  })
  if (!message) return apiError(404, 'No such message.')
  return Response.json(messageResource(message, await getMessageStatistics(message.id)))
}

export function action() {
  return methodNotAllowed(['GET'])
}
