/** An organization with an organizer and an API token, and a fetch that speaks JSON with it. */
import { createApiToken } from '../../app/models/api-token.server'
import { createUser } from '../../app/models/user.server'
import { makePetition } from './fixtures'

let counter = 0

export async function makeApiOrganization(name = `API Org ${++counter} ${Date.now()}`) {
  const fixture = await makePetition({ organizationName: name })
  const user = await createUser({
    email: `organizer${++counter}.${Date.now()}@vigil.example`,
    password: 'correct horse battery staple',
    organizationId: fixture.organization.id,
    role: 'organizer',
  })
  const { token } = await createApiToken({
    userId: user.id,
    organizationId: fixture.organization.id,
    name: 'tests',
  })
  return { ...fixture, user, token }
}

export interface ApiResult<T = Record<string, unknown>> {
  status: number
  headers: Headers
  body: T
}

/** Calls the API; `body` may be a value (sent as JSON) or a raw string. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test responses are read loosely
export async function callApi<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  { token, body }: { token?: string | null; body?: unknown } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let parsed: unknown = text
  if ((res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text)
  return { status: res.status, headers: res.headers, body: parsed as T }
}
