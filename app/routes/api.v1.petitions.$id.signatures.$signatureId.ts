import type { LoaderFunctionArgs } from '@remix-run/node'
import { getSignatureForOrganization } from '~/models/signature-list.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { signatureResource } from '~/api/resources.server'
import { apiError, hal, methodNotAllowed } from '~/api/envelope.server'

/** One signature of one of the organization's petitions, its email included. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const signature = await getSignatureForOrganization({
    organizationId: organizer.organizationId,
    petitionId: params.id!,
    signatureId: params.signatureId!,
  })
  if (!signature) return apiError(404, 'No such signature.')
  return hal(request, signatureResource(params.id!, signature))
}

export function action() {
  return methodNotAllowed(['GET'])
}
