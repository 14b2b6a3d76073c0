import crypto from 'node:crypto'
import {
  createCookie,
  createCookieSessionStorage,
  type Session,
  type SessionStorage,
} from '@remix-run/node'
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

/**
 * The device cookie (OWASP's answer to lock-outs): a signed, long-lived
 * cookie naming the accounts that have signed in on this browser. Sign-in
 * throttling counts such a browser's failures on its own
 * (models/login-attempt.server.ts), so no stranger can hold it up.
 */
export interface Device {
  id: string
  /** Accounts (email keys) signed in on this browser, the latest first. */
  accounts: string[]
}

const DEVICE_COOKIE = 'vigil_device'
const DEVICE_MAX_ACCOUNTS = 5

function deviceCookie() {
  if (!process.env.SESSION_SECRET) ensureSessionSecret()
  return createCookie(DEVICE_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(),
    path: '/',
    maxAge: 60 * 60 * 24 * 365,
    secrets: [process.env.SESSION_SECRET!],
  })
}

/** The browser's device, when its cookie is present and its signature holds. */
export async function readDevice(request: Request): Promise<Device | null> {
  const value = (await deviceCookie().parse(request.headers.get('cookie'))) as unknown
  const device = value as Partial<Device> | null
  if (!device || typeof device.id !== 'string' || !Array.isArray(device.accounts)) return null
  return { id: device.id, accounts: device.accounts.filter((a) => typeof a === 'string') }
}

/** The Set-Cookie value remembering that `account` signed in on this browser. */
export function rememberDevice(device: Device | null, account: string): Promise<string> {
  const accounts = [account, ...(device?.accounts ?? []).filter((a) => a !== account)]
  return deviceCookie().serialize({
    id: device?.id ?? crypto.randomUUID(),
    accounts: accounts.slice(0, DEVICE_MAX_ACCOUNTS),
  } satisfies Device)
}
