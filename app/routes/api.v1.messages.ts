import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { requireApiOrganizer } from '~/api/auth.server'
import { methodNotAllowed, pagedCollection, readJson } from '~/api/envelope.server'
import { apiErrorFor } from '~/api/errors.server'
import { messageListResource, messageResponse } from '~/api/messages.server'
import { countMessagesForOrganization, listMessagesForOrganization } from '~/models/message.server'
import { createCampaign } from '~/services/campaigns.server'
import { MessageCreateSchema } from '~/validation/message'

/** The organization's messages, newest first (each one's `self` has its statistics). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireApiOrganizer(request)
  return pagedCollection(request, 'messages', {
    read: (window) => listMessagesForOrganization({ organizationId, ...window }),
    count: () => countMessagesForOrganization({ organizationId }),
    present: (rows) => rows.map(messageListResource),
  })
}

/** POST: a draft mail to the target petitions' confirmed, subscribed signers. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const organizer = await requireApiOrganizer(request)
  const body = await readJson(request, MessageCreateSchema)
  if (body instanceof Response) return body
  try {
    const message = await createCampaign({
      organizationId: organizer.organizationId,
      createdBy: organizer.userId,
      subject: body.subject,
      body: body.body,
      subjectEs: body.subject_es,
      bodyEs: body.body_es,
      petitionIds: body.targets.map((t) => t.petition_id),
      audience: body.audience ?? undefined,
    })
    return messageResponse(request, message, 201)
  } catch (error) {
    return apiErrorFor(error)
  }
}
