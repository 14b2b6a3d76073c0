import type { ActionFunctionArgs } from '@remix-run/node'
import { requireApiOrganizer } from '~/api/auth.server'
import { apiError, hal, methodNotAllowed, readJson } from '~/api/envelope.server'
import { supporterErasureResource } from '~/api/privacy.server'
import { may } from '~/domain/permissions'
import { eraseSupporter } from '~/services/privacy.server'
import { SupporterRequestSchema } from '~/validation/privacy'

/**
 * POST `{"email"}`: erases what the organization holds about that address
 * (decision 037) and answers what was erased; its signatures leave the
 * counts. Erasing an address with nothing held answers zeros.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const organizer = await requireApiOrganizer(request)
  if (!may(organizer.role, 'managePrivacy'))
    return apiError(403, "Only an admin's token may erase a supporter's data.")
  const body = await readJson(request, SupporterRequestSchema)
  if (body instanceof Response) return body
  const result = await eraseSupporter({
    organizationId: organizer.organizationId,
    email: body.email,
    actorId: organizer.userId,
  })
  return hal(request, supporterErasureResource(result), {
    headers: { 'Cache-Control': 'no-store' },
  })
}

export function loader() {
  return methodNotAllowed(['POST'])
}
