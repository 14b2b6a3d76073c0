import { getOrganizer } from './auth.server'
import { isDevMailbox } from '~/mail/transport.server'
import type { DevMailboxScope } from '~/models/dev-mailbox.server'
import { isLocalAddress, loadContext } from '~/utils/request.server'

/**
 * Who may read /dev/mailbox (the contract, SMTP_URL unset): all of it, a
 * request whose peer is this machine and that carries no Forwarded or
 * X-Forwarded-For header (the person running Vigil on it); a signed-in
 * organizer, only the mail addressed to them and their own organization's
 * (its supporters'), so no one reads another account's password reset;
 * anyone else, and everyone once SMTP_URL is set, a 404.
 */
export async function requireDevMailboxAccess(
  request: Request,
  context: unknown,
): Promise<DevMailboxScope> {
  const notFound = new Response('Not found', { status: 404 })
  if (!isDevMailbox()) throw notFound
  const ctx = loadContext(context)
  const forwarded = request.headers.has('forwarded') || request.headers.has('x-forwarded-for')
  if (isLocalAddress(ctx.peerAddress) && !forwarded) return { all: true }
  const organizer = await getOrganizer(request)
  if (organizer) return { organizationId: organizer.organizationId, email: organizer.email }
  throw notFound
}
