import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { countWebhooks, listWebhooks } from '~/models/webhook.server'
import { createWebhook } from '~/services/webhooks.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { webhookResource } from '~/api/resources.server'
import { apiErrorFor } from '~/api/errors.server'
import { collection, hal, methodNotAllowed, parsePage, readJson } from '~/api/envelope.server'
import { WebhookCreateSchema } from '~/validation/webhook'

/** The organization's webhooks, oldest first (never their secrets). */
export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const url = new URL(request.url)
  const page = parsePage(url)
  if (page instanceof Response) return page
  const organizationId = organizer.organizationId
  const [rows, total] = await Promise.all([
    listWebhooks({ organizationId, limit: page.per_page, offset: (page.page - 1) * page.per_page }),
    countWebhooks({ organizationId }),
  ])
  return hal(
    request,
    collection(
      url,
      'webhooks',
      rows.map((w) => webhookResource(w)),
      total,
      page,
    ),
  )
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
