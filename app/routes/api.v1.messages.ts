import type { ActionFunctionArgs } from '@remix-run/node'
import { createMessage, getMessageStatistics } from '~/models/message.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { messageErrorResponse, messageResource } from '~/api/messages.server'
import { methodNotAllowed, readJson } from '~/api/envelope.server'
import { env } from '~/utils/env.server'
import { MessageCreateSchema } from '~/validation/message'

/** POST: a draft mail to the target petitions' confirmed, subscribed signers. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const organizer = await requireApiOrganizer(request)
  const body = await readJson(request, MessageCreateSchema)
  if (body instanceof Response) return body
  try {
    const message = await createMessage({
      organizationId: organizer.organizationId,
      createdBy: organizer.userId,
      subject: body.subject,
      body: body.body,
      petitionIds: body.targets.map((t) => t.petition_id),
      audience: body.audience ?? undefined,
      appUrl: env().appUrl,
    })
    return Response.json(messageResource(message, await getMessageStatistics(message.id)), {
      status: 201,
    })
  } catch (error) {
    const response = messageErrorResponse(error)
    if (response) return response
    throw error
  }
}

export function loader() {
  return methodNotAllowed(['POST'])
}
