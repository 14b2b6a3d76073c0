import { getOrganizerForApiToken } from '~/models/api-token.server'
import type { Organizer } from '~/services/auth.server'
import { apiError } from './envelope.server'

/**
 * The organizer an API request acts as, from `Authorization: Bearer <token>`.
 * Missing, unknown or revoked tokens get the contract's 401 error.
 */
export async function requireApiOrganizer(request: Request): Promise<Organizer> {
  const header = request.headers.get('authorization') ?? ''
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match) {
    throw unauthorized('Authentication required: send Authorization: Bearer <token>.')
  }
  const organizer = await getOrganizerForApiToken(match[1]!)
  if (!organizer) throw unauthorized('The API token is invalid or has been revoked.')
  return organizer
}

function unauthorized(message: string): Response {
  const response = apiError(401, message)
  response.headers.set('WWW-Authenticate', 'Bearer realm="vigil"')
  return response
}
