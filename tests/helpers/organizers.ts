/** Organizer accounts for tests, made with the real models, and signing in over HTTP. */
import { ensureOrganization } from '../../app/models/organization.server'
import type { MembershipRole } from '../../app/domain/states'
import { createUser } from '../../app/models/user.server'
import { postForm } from './server'

let counter = 0

export const TEST_PASSWORD = 'a long test password'

export async function makeOrganizer({
  role = 'admin',
  organizationName = 'Test Advocacy Project',
  email,
  password = TEST_PASSWORD,
  name,
}: {
  role?: MembershipRole
  organizationName?: string
  email?: string
  password?: string
  name?: string
} = {}) {
  counter++
  const organization = await ensureOrganization({ name: organizationName })
  const user = await createUser({
    email: email ?? `organizer${counter}.${Date.now()}@example.org`,
    password,
    organizationId: organization.id,
    role,
    name: name ?? `Organizer ${counter}`,
  })
  return { user, organization, password }
}

/** The `name=value` part of a Set-Cookie header, to send back as Cookie. */
export function cookieFrom(response: Response): string {
  const header = response.headers.get('set-cookie')
  if (!header) throw new Error(`No Set-Cookie on ${response.status} ${response.url}`)
  return header.split(';')[0]!
}

/** Signs in through /login and returns the session cookie. */
export async function signInCookie(
  baseUrl: string,
  { email, password = TEST_PASSWORD }: { email: string; password?: string },
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await postForm(`${baseUrl}/login`, { email, password }, headers)
  if (res.status !== 303) throw new Error(`Sign-in failed: ${res.status} ${await res.text()}`)
  return cookieFrom(res)
}
