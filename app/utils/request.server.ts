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
  /**
   * Resolves once the response's socket can take more (at once when it can
   * now). Remix's Express adapter writes a streamed body as fast as it is
   * read, whatever the client's pace; a stream that waits on this before
   * each chunk (see withBackpressure) buffers no more than the socket does.
   */
  drained: () => Promise<void>
}

const NO_WAIT = () => Promise.resolve()

/**
 * A body stream that reads its source only as fast as the client takes it
 * (`drained`, from the load context), so a slow client on a fast server
 * holds the next chunk in PostgreSQL, not in this process's memory.
 */
export function withBackpressure(
  source: ReadableStream<Uint8Array>,
  drained: () => Promise<void>,
): ReadableStream<Uint8Array> {
  const reader = source.getReader()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await drained()
        const { done, value } = await reader.read()
        if (done) controller.close()
        else controller.enqueue(value)
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  )
}

const LOCAL = /^(127\.|::1$|::ffff:127\.)/

export function isLocalAddress(address: string | null | undefined): boolean {
  return !!address && LOCAL.test(address)
}

export function buildLoadContext(input: {
  peerAddress: string | undefined
  forwardedFor: string | undefined
  forwarded: string | undefined
  /** The response being written (Node's), for `drained`. */
  response?: { writableNeedDrain: boolean; destroyed: boolean }
}): VigilLoadContext {
  const peer = input.peerAddress?.replace(/^::ffff:(?=\d)/, '') ?? null
  const forwarded = !!(input.forwardedFor || input.forwarded)
  const claimed = input.forwardedFor?.split(',')[0]?.trim()
  const clientIp = isLocalAddress(peer) && claimed && net.isIP(claimed) ? claimed : peer
  const response = input.response
  // Polled rather than awaited on 'drain': the compression middleware
  // re-routes that event, and a short poll cannot wait forever.
  const drained = response
    ? async () => {
        while (response.writableNeedDrain && !response.destroyed)
          await new Promise((resolve) => setTimeout(resolve, 5))
      }
    : NO_WAIT
  return { peerAddress: peer, forwarded, clientIp, drained }
}

export function loadContext(context: unknown): VigilLoadContext {
  const c = (context ?? {}) as Partial<VigilLoadContext>
  return {
    peerAddress: c.peerAddress ?? null,
    forwarded: c.forwarded ?? false,
    clientIp: c.clientIp ?? null,
    drained: c.drained ?? NO_WAIT,
  }
}
