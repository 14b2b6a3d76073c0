import { redirect } from '@remix-run/node'
import { getOrganizerMembership, type Organizer } from '~/models/organizer.server'
import { getSession } from './session.server'

export type { Organizer } from '~/models/organizer.server'

/**
 * The signed-in organizer in the session's active organization, or null.
 * A session whose membership is gone, or whose password has changed since
 * sign-in, counts as signed out.
 */
export async function getOrganizer(request: Request): Promise<Organizer | null> {
  const session = await getSession(request)
  const userId = session.get('userId')
  const organizationId = session.get('organizationId')
  if (!userId || !organizationId) return null
  const found = await getOrganizerMembership({ userId, organizationId })
  if (!found || found.passwordStamp !== session.get('passwordStamp')) return null
  const { passwordStamp: _stamp, ...organizer } = found
  return organizer
}

/**
 * The signed-in organizer, or a redirect to /login that comes back here.
 * With `role: 'admin'`, a signed-in organizer who is not an admin gets 403.
 */
export async function requireOrganizer(
  request: Request,
  options: { role?: 'admin' } = {},
): Promise<Organizer> {
  const organizer = await getOrganizer(request)
  if (!organizer) {
    const url = new URL(request.url)
    const back = `${url.pathname}${url.search}`
    throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`)
  }
  if (options.role === 'admin' && organizer.role !== 'admin') {
    throw new Response('Only an admin of this organization may do this.', {
      status: 403,
      statusText: 'Forbidden',
    })
  }
  return organizer
}

/** A redirect target from user input, kept to paths on this site. */
export function safeRedirect(
  to: FormDataEntryValue | string | null | undefined,
  fallback = '/dashboard',
): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\'))
    return fallback
  // No backslashes or control characters: browsers read some as another host.
  if ([...to].some((c) => c === '\\' || c.charCodeAt(0) < 0x20)) return fallback
  return to
}
