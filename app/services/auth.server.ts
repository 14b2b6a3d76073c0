import { redirect } from '@remix-run/node'
import { may, type Permission } from '~/domain/permissions'
import { getOrganizerMembership, listMemberships, type Organizer } from '~/models/organizer.server'
import { commitSession, destroySession, getSession } from '~/utils/session.server'

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
 * With `may`, a signed-in organizer whose role lacks that permission
 * (domain/permissions.ts) gets 403.
 */
export async function requireOrganizer(
  request: Request,
  options: { may?: Permission } = {},
): Promise<Organizer> {
  const organizer = await getOrganizer(request)
  if (!organizer) {
    const url = new URL(request.url)
    const back = `${url.pathname}${url.search}`
    throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`)
  }
  if (options.may && !may(organizer.role, options.may)) {
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

/**
 * Starts a session for the user and redirects. The active organization is
 * the one asked for when the user belongs to it, else their first (admin
 * memberships first). Null when the user belongs to no organization.
 */
export async function signIn({
  userId,
  organizationId,
  redirectTo,
  request,
}: {
  userId: string
  organizationId?: string
  redirectTo: string
  request: Request
}): Promise<Response | null> {
  const memberships = await listMemberships({ userId })
  const chosen =
    memberships.find((m) => m.organizationId === organizationId) ?? memberships[0] ?? null
  if (!chosen) return null
  const membership = await getOrganizerMembership({
    userId,
    organizationId: chosen.organizationId,
  })
  if (!membership) return null
  // A fresh session (never the old cookie's), so no fixation across sign-ins.
  const session = await getSession(new Request(request.url))
  session.set('userId', userId)
  session.set('organizationId', chosen.organizationId)
  session.set('passwordStamp', membership.passwordStamp)
  return redirect(redirectTo, {
    status: 303,
    headers: { 'Set-Cookie': await commitSession(session) },
  })
}

/** Makes another of the user's organizations the active one: the Set-Cookie value, or null when not a member. */
export async function switchOrganization(
  request: Request,
  organizationId: string,
): Promise<string | null> {
  const organizer = await getOrganizer(request)
  if (!organizer) return null
  const membership = await getOrganizerMembership({ userId: organizer.userId, organizationId })
  if (!membership) return null
  const session = await getSession(request)
  session.set('organizationId', organizationId)
  return commitSession(session)
}

/** Ends the session and sends the browser to `to`. */
export async function signOut(request: Request, to = '/login'): Promise<Response> {
  const session = await getSession(request)
  return redirect(to, { status: 303, headers: { 'Set-Cookie': await destroySession(session) } })
}
