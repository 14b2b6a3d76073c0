import { getOrganizer } from './auth.server'
import { isDevMailbox } from '~/mail/transport.server'
import { isLocalAddress, loadContext } from '~/utils/request.server'

/**
 * /dev/mailbox is for the person running Vigil on their own machine: only
 * with the dev mailbox in use, and only to a local peer that did not come
 * through a proxy (or to a signed-in admin). Anyone else gets a 404.
 */
export async function requireDevMailboxAccess(request: Request, context: unknown): Promise<void> {
  const notFound = new Response('Not found', { status: 404 })
  if (!isDevMailbox()) throw notFound
  const ctx = loadContext(context)
  const forwarded = request.headers.has('forwarded') || request.headers.has('x-forwarded-for')
  if (isLocalAddress(ctx.peerAddress) && !forwarded) return
  if ((await getOrganizer(request))?.role === 'admin') return
  throw notFound
}
