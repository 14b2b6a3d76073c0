import type { LoaderFunctionArgs } from '@remix-run/node'
import { getCaseForOrganization, listCaseEvents } from '~/models/case.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { caseEventResource } from '~/api/resources.server'
import { apiError, hal, methodNotAllowed } from '~/api/envelope.server'

/** One entry of one of the organization's case timelines. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const kase = await getCaseForOrganization({
    organizationId: organizer.organizationId,
    caseId: params.id!,
  })
  const event = kase && (await listCaseEvents(kase.id)).find((e) => e.id === params.eventId)
  if (!kase || !event) return apiError(404, 'No such timeline event.')
  return hal(request, caseEventResource(kase.id, event))
}

export function action() {
  return methodNotAllowed(['GET'])
}
