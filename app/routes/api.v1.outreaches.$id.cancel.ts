import type { ActionFunctionArgs } from '@remix-run/node'
import { cancelOutreach } from '~/services/outreaches.server'
import { apiErrorFor } from '~/api/errors.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { OUTREACH_FIELDS, outreachResource } from '~/api/outreaches.server'
import { apiError, methodNotAllowed, hal } from '~/api/envelope.server'

/** Stops a scheduled or sending outreach; copies already sent stay sent. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const organizer = await requireApiOrganizer(request)
  try {
    const outreach = await cancelOutreach({
      organizationId: organizer.organizationId,
      outreachId: params.id!,
      actorId: organizer.userId,
    })
    if (!outreach) return apiError(404, 'No such outreach.')
    return hal(request, outreachResource(outreach))
  } catch (error) {
    return apiErrorFor(error, OUTREACH_FIELDS)
  }
}

export function loader() {
  return methodNotAllowed(['POST'])
}
