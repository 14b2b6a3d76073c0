import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarForSecret, calendarResponse } from '~/services/calendar.server'

/**
 * An organization's private feed of all its cases at /calendars/<secret>.ics,
 * for calendar apps that cannot send a token. An unknown or revoked secret
 * is 404 (never a hint that it once worked).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const name = params.secret ?? ''
  const body = name.endsWith('.ics') ? await calendarForSecret(name.slice(0, -4)) : null
  if (body === null)
    return new Response('There is no calendar at this address.', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  return calendarResponse(body)
}
