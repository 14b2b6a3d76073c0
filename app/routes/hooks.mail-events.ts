import crypto from 'node:crypto'
import type { ActionFunctionArgs } from '@remix-run/node'
import { recordMailEvents } from '~/models/suppression.server'
import { apiError, methodNotAllowed, readJson } from '~/api/envelope.server'
import { env } from '~/utils/env.server'
import { MailEventsSchema } from '~/validation/mail-events'

function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest()
  const b = crypto.createHash('sha256').update(expected).digest()
  return crypto.timingSafeEqual(a, b)
}

/**
 * Bounces and complaints from a mail relay: `Authorization: Bearer
 * VIGIL_MAIL_EVENTS_SECRET`, body `{"events": [{"type": "bounce"|"complaint",
 * "email", "organization_id"?, "detail"?}]}`. Each suppresses the address for
 * every later campaign. Off (404) while the secret is unset.
 */
export async function action({ request }: ActionFunctionArgs) {
  const secret = env().VIGIL_MAIL_EVENTS_SECRET
  if (!secret) return apiError(404, 'Not found.')
  if (request.method !== 'POST') return methodNotAllowed(['POST'])
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')
  if (!match || !sameSecret(match[1]!, secret))
    return apiError(401, 'Authentication required: send Authorization: Bearer <secret>.')
  const body = await readJson(request, MailEventsSchema)
  if (body instanceof Response) return body
  const recorded = await recordMailEvents(
    body.events.map((e) => ({
      type: e.type,
      email: e.email,
      organizationId: e.organization_id ?? null,
      detail: e.detail ?? null,
    })),
  )
  return Response.json({ received: body.events.length, recorded })
}

export function loader() {
  return apiError(404, 'Not found.')
}
