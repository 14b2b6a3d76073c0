import type { ActionFunctionArgs } from '@remix-run/node'
import { addCaseEvent } from '~/services/cases.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { caseEventResource } from '~/api/resources.server'
import { apiError, methodNotAllowed, readJson } from '~/api/envelope.server'
import { CaseEventSchema } from '~/validation/api'

export async function loader() {
  return methodNotAllowed(['POST'])
}

/** POST: add an event to a case's timeline (the case's GET shows the timeline). */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const organizer = await requireApiOrganizer(request)
  const body = await readJson(request, CaseEventSchema)
  if (body instanceof Response) return body
  const event = await addCaseEvent({
    organizationId: organizer.organizationId,
    caseId: params.id!,
    kind: body.kind,
    occurredAt: body.occurred_at ?? null,
    note: body.note,
    sourceUrl: body.source_url,
    actorId: organizer.userId,
  })
  if (!event) return apiError(404, 'No such case.')
  return Response.json(caseEventResource(event), { status: 201 })
}
