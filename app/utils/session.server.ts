import { createCookieSessionStorage, type Session, type SessionStorage } from '@remix-run/node'
import { env } from './env.server'
import { ensureSessionSecret } from './session-secret.server'

/**
 * The organizer's session: a signed cookie holding the user and the active
 * organization. `Secure` in production, except on plain http to localhost
 * (see secureCookies and docs/decisions/015-sessions-and-tokens.md).
 */
export interface SessionData {
  userId: string
  organizationId: string
  /** The user's password hash version at sign-in: a password change ends other sessions. */
  passwordStamp: string
}

export const SESSION_COOKIE = 'vigil_session'
const MAX_AGE_SECONDS = 60 * 60 * 24 * 14

/**
 * Secure in production (as the contract says), except where the address
 * people use is plain http on this machine: `npm start` on http://localhost
 * must still let the demo organizer sign in, and some browsers drop Secure
 * cookies there.
 */
export function secureCookies(): boolean {
  const { NODE_ENV, appUrl } = env()
  if (NODE_ENV !== 'production') return appUrl.startsWith('https://')
  const url = new URL(appUrl)
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  return !(url.protocol === 'http:' && local)
}

declare global {
  var __vigilSessionStorage: { key: string; storage: SessionStorage<SessionData> } | undefined
}

export function sessionStorage(): SessionStorage<SessionData> {
  if (!process.env.SESSION_SECRET) ensureSessionSecret()
  const secret = process.env.SESSION_SECRET!
  const secure = secureCookies()
  const key = `${secure}:${secret}`
  const cached = globalThis.__vigilSessionStorage
  if (cached?.key === key) return cached.storage
  const storage = createCookieSessionStorage<SessionData>({
    cookie: {
      name: SESSION_COOKIE,
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: MAX_AGE_SECONDS,
      secrets: [secret],
    },
  })
  globalThis.__vigilSessionStorage = { key, storage }
  return storage
}

export function getSession(request: Request): Promise<Session<SessionData>> {
  return sessionStorage().getSession(request.headers.get('cookie'))
}

export function commitSession(session: Session<SessionData>): Promise<string> {
  return sessionStorage().commitSession(session)
}

export function destroySession(session: Session<SessionData>): Promise<string> {
  return sessionStorage().destroySession(session)
}
