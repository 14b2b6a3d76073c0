import net from 'node:net'

/** What the Node server knows about a request that a Fetch Request does not carry. */
export interface VigilLoadContext {
  [key: string]: unknown
  /** The TCP peer's address. */
  peerAddress: string | null
  /** True when the request came through a proxy (Forwarded / X-Forwarded-For present). */
  forwarded: boolean
  /** The client's address for rate limits: the proxy's word when the peer is local. */
  clientIp: string | null
}

const LOCAL = /^(127\.|::1$|::ffff:127\.)/

export function isLocalAddress(address: string | null | undefined): boolean {
  return !!address && LOCAL.test(address)
}

export function buildLoadContext(input: {
  peerAddress: string | undefined
  forwardedFor: string | undefined
  forwarded: string | undefined
}): VigilLoadContext {
  const peer = input.peerAddress?.replace(/^::ffff:(?=\d)/, '') ?? null
  const forwarded = !!(input.forwardedFor || input.forwarded)
  const claimed = input.forwardedFor?.split(',')[0]?.trim()
  const clientIp = isLocalAddress(peer) && claimed && net.isIP(claimed) ? claimed : peer
  return { peerAddress: peer, forwarded, clientIp }
}

export function loadContext(context: unknown): VigilLoadContext {
  const c = (context ?? {}) as Partial<VigilLoadContext>
  return {
    peerAddress: c.peerAddress ?? null,
    forwarded: c.forwarded ?? false,
    clientIp: c.clientIp ?? null,
  }
}
