import type { LoaderFunctionArgs } from '@remix-run/node'
import { getOutreachForOrganization } from '~/models/outreach.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { outreachResource } from '~/api/outreaches.server'
import { apiError, methodNotAllowed, hal } from '~/api/envelope.server'

/** An outreach with its status and one delivery per official. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const outreach = await getOutreachForOrganization({
    organizationId: organizer.organizationId,
    outreachId: params.id!,
  })
  if (!outreach) return apiError(404, 'No such outreach.')
  return hal(request, outreachResource(outreach))
}

export function action() {
  return methodNotAllowed(['GET'])
}
