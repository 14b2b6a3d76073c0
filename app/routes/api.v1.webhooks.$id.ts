import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { getWebhookForOrganization } from '~/models/webhook.server'
import { deleteWebhook } from '~/services/webhooks.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { webhookResource } from '~/api/resources.server'
import { apiError, hal, methodNotAllowed } from '~/api/envelope.server'

const NOT_FOUND = 'No such webhook.'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const webhook = await getWebhookForOrganization({
    organizationId: organizer.organizationId,
    webhookId: params.id!,
  })
  if (!webhook) return apiError(404, NOT_FOUND)
  return hal(request, webhookResource(webhook))
}

/** DELETE: unsubscribe; deliveries not yet made are dropped with it. 204. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'DELETE') return methodNotAllowed(['GET', 'DELETE'])
  const organizer = await requireApiOrganizer(request)
  const deleted = await deleteWebhook({
    organizationId: organizer.organizationId,
    webhookId: params.id!,
  })
  if (!deleted) return apiError(404, NOT_FOUND)
  return new Response(null, { status: 204 })
}
