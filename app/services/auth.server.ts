import { redirect } from '@remix-run/node'
import { may, type Permission } from '~/domain/permissions'
import { checkLoginThrottle, recordLoginAttempt } from '~/models/login-attempt.server'
import { getOrganizerMembership, listMemberships, type Organizer } from '~/models/organizer.server'
import { userEmailKey, verifyLogin } from '~/models/user.server'
import {
  commitSession,
  destroySession,
  getSession,
  readDevice,
  rememberDevice,
} from '~/utils/session.server'

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

export type LogInResult =
  | { ok: true; response: Response }
  | { ok: false; status: 400 | 403 | 429; formError: string; retryAfterSeconds?: number }

const INCORRECT = 'Email or password is incorrect.'
const NO_ORGANIZATION =
  'Your account does not belong to any organization yet. Ask an admin of your organization to invite you.'
const THROTTLED = {
  'account-ip': 'for this account from your network',
  ip: 'from your network',
  device: 'for this account on this browser',
} as const

function waitWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}

/**
 * Signing in, throttled (models/login-attempt.server.ts, decision 026):
 * an address that has failed too often waits (a growing wait, for that
 * address only); an account failing from everywhere is only slowed; a
 * browser that signed in to the account before is counted on its own and
 * remembered again on success (its device cookie). The redirect with the
 * session, or the form's message and status.
 */
export async function logIn({
  request,
  email,
  password,
  ip,
  redirectTo,
}: {
  request: Request
  email: string
  password: string
  ip: string | null
  redirectTo: string
}): Promise<LogInResult> {
  const emailKey = userEmailKey(email)
  const device = await readDevice(request)
  const knownDevice = device?.accounts.includes(emailKey) ? device.id : null
  const throttle = await checkLoginThrottle({ emailKey, ip, device: knownDevice })
  if (throttle.limited) {
    const wait = waitWords(throttle.retryAfterSeconds)
    return {
      ok: false,
      status: 429,
      formError: `Too many failed sign-ins ${THROTTLED[throttle.scope]}. Please wait ${wait} and try again, or reset your password.`,
      retryAfterSeconds: throttle.retryAfterSeconds,
    }
  }
  if (throttle.delayMs) await new Promise((resolve) => setTimeout(resolve, throttle.delayMs))
  const user = await verifyLogin({ email, password })
  await recordLoginAttempt({ emailKey, ip, device: knownDevice, succeeded: !!user })
  if (!user) return { ok: false, status: 400, formError: INCORRECT }
  const response = await signIn({ userId: user.id, redirectTo, request })
  if (!response) return { ok: false, status: 403, formError: NO_ORGANIZATION }
  response.headers.append('Set-Cookie', await rememberDevice(device, emailKey))
  return { ok: true, response }
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
