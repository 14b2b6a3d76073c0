import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { countWebhooks, listWebhooks } from '~/models/webhook.server'
import { createWebhook } from '~/services/webhooks.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { webhookResource } from '~/api/resources.server'
import { apiErrorFor } from '~/api/errors.server'
import { hal, methodNotAllowed, pagedCollection, readJson } from '~/api/envelope.server'
import { WebhookCreateSchema } from '~/validation/webhook'

/** The organization's webhooks, oldest first (never their secrets). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireApiOrganizer(request)
  return pagedCollection(request, 'webhooks', {
    read: (window) => listWebhooks({ organizationId, ...window }),
    count: () => countWebhooks({ organizationId }),
    present: (rows) => rows.map((w) => webhookResource(w)),
  })
}

/** POST: subscribe a URL to events; 201 with the signing `secret`, shown this once. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const organizer = await requireApiOrganizer(request)
  const body = await readJson(request, WebhookCreateSchema)
  if (body instanceof Response) return body
  try {
    const { webhook, secret } = await createWebhook({
      organizationId: organizer.organizationId,
      createdBy: organizer.userId,
      url: body.url,
      events: body.events,
    })
    return hal(request, webhookResource(webhook, secret), {
      status: 201,
      headers: { 'Cache-Control': 'no-store' },
    })
  } catch (error) {
    return apiErrorFor(error)
  }
}
