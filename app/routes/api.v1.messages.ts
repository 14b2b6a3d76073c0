import type { ActionFunctionArgs } from '@remix-run/node'
import { requireApiOrganizer } from '~/api/auth.server'
import { methodNotAllowed, readJson } from '~/api/envelope.server'
import { apiErrorFor } from '~/api/errors.server'
import { messageResponse } from '~/api/messages.server'
import { createCampaign } from '~/services/campaigns.server'
import { MessageCreateSchema } from '~/validation/message'

/** POST: a draft mail to the target petitions' confirmed, subscribed signers. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const organizer = await requireApiOrganizer(request)
  const body = await readJson(request, MessageCreateSchema)
  if (body instanceof Response) return body
  try {
    const message = await createCampaign({
      organizationId: organizer.organizationId,
      createdBy: organizer.userId,
      subject: body.subject,
      body: body.body,
      petitionIds: body.targets.map((t) => t.petition_id),
      audience: body.audience ?? undefined,
    })
    return messageResponse(message, 201)
  } catch (error) {
    return apiErrorFor(error)
  }
}

export function loader() {
  return methodNotAllowed(['POST'])
}
