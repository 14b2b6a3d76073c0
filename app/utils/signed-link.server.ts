import crypto from 'node:crypto'
import { ensureSessionSecret } from './session-secret.server'

/**
 * Tokens for links that work without signing in (the delivery packet an
 * outreach links to): a payload and its expiry, signed with HMAC-SHA256
 * under a key derived from SESSION_SECRET for one purpose, so a token for
 * one use is worthless for another, and a changed secret revokes them all.
 */

function key(purpose: string): Buffer {
  if (!process.env.SESSION_SECRET) ensureSessionSecret()
  return crypto
    .createHmac('sha256', process.env.SESSION_SECRET!)
    .update(`vigil:${purpose}`)
    .digest()
}

const sign = (purpose: string, body: string) =>
  crypto.createHmac('sha256', key(purpose)).update(body).digest('base64url')

export function signLink(
  purpose: string,
  payload: Record<string, string>,
  expiresAt: Date,
): string {
  const body = Buffer.from(
    JSON.stringify({ ...payload, exp: Math.floor(expiresAt.getTime() / 1000) }),
  ).toString('base64url')
  return `${body}.${sign(purpose, body)}`
}

export type VerifiedLink =
  { state: 'valid'; payload: Record<string, string> } | { state: 'expired' } | { state: 'invalid' }

/** The payload of a token this process signed for `purpose`; expired or invalid otherwise. */
export function verifyLink(purpose: string, token: string, now = new Date()): VerifiedLink {
  const [body, signature, ...rest] = token.split('.')
  if (!body || !signature || rest.length > 0) return { state: 'invalid' }
  const expected = Buffer.from(sign(purpose, body))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given))
    return { state: 'invalid' }
  let parsed: Record<string, unknown>
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>
  } catch {
    return { state: 'invalid' }
  }
  if (typeof parsed.exp !== 'number') return { state: 'invalid' }
  if (parsed.exp * 1000 <= now.getTime()) return { state: 'expired' }
  const payload: Record<string, string> = {}
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') payload[k] = v
  return { state: 'valid', payload }
}
