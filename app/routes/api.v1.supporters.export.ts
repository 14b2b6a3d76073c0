import type { ActionFunctionArgs } from '@remix-run/node'
import { requireApiOrganizer } from '~/api/auth.server'
import { apiError, hal, methodNotAllowed, readJson } from '~/api/envelope.server'
import { supporterExportResource } from '~/api/privacy.server'
import { may } from '~/domain/permissions'
import { exportSupporter } from '~/services/privacy.server'
import { SupporterRequestSchema } from '~/validation/privacy'

/**
 * POST `{"email"}`: everything the organization holds about that address
 * (decision 037). A POST, so that the address never sits in a URL or a log.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const organizer = await requireApiOrganizer(request)
  if (!may(organizer.role, 'managePrivacy'))
    return apiError(403, "Only an admin's token may export a supporter's data.")
  const body = await readJson(request, SupporterRequestSchema)
  if (body instanceof Response) return body
  const data = await exportSupporter({
    organizationId: organizer.organizationId,
    email: body.email,
    actorId: organizer.userId,
  })
  return hal(request, supporterExportResource(data), { headers: { 'Cache-Control': 'no-store' } })
}

export function loader() {
  return methodNotAllowed(['POST'])
}
