import { createCookieSessionStorage, type Session, type SessionStorage } from '@remix-run/node'
import { env } from './env.server'
import { ensureSessionSecret } from './session-secret.server'

/**
 * The organizer's session: a signed cookie holding the user and the active
 * organization. `Secure` follows the address people use (APP_URL on https),
 * so that `npm start` on http://localhost still lets someone sign in; see
 * docs/decisions/015-sessions-and-tokens.md.
 */
export interface SessionData {
  userId: string
  organizationId: string
  /** The user's password hash version at sign-in: a password change ends other sessions. */
  passwordStamp: string
}

export const SESSION_COOKIE = 'vigil_session'
const MAX_AGE_SECONDS = 60 * 60 * 24 * 14

export function secureCookies(): boolean {
  return env().appUrl.startsWith('https://')
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
