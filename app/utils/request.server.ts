import { Readable, pipeline } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import zlib from 'node:zlib'
import net from 'node:net'

/** What the Node server knows about a request that a Fetch Request does not carry. */
export interface VigilLoadContext {
  [key: string]: unknown
  /** The TCP peer's address. */
  peerAddress: string | null
  /** True when the request came through a proxy (Forwarded / X-Forwarded-For present). */
  forwarded: boolean
  /** The client's address for rate limits: TRUST_PROXY decides whose X-Forwarded-For counts. */
  clientIp: string | null
  /** This response's Content-Security-Policy nonce (bin/security-headers.ts). */
  cspNonce: string | null
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

/** Whether the client takes gzip: Accept-Encoding names it (or `*`) with a q above 0. */
export function acceptsGzip(request: Request): boolean {
  return acceptsGzipEncoding(request.headers.get('accept-encoding'))
}

/** The same, from the Accept-Encoding header's value (Node's plain request: bin/page-cache.ts). */
export function acceptsGzipEncoding(header: string | null | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (name !== 'gzip' && name !== '*') return false
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return q === undefined || Number(q.slice(2)) > 0
  })
}

/**
 * A byte stream gzip-compressed by zlib, read only as it is asked for: the
 * compressed side is pulled one chunk at a time, and zlib takes input only
 * as it has room. (Node 20's CompressionStream reads ahead up to 16,384
 * chunks, so it cannot stand in a chain that must hold back: tested.)
 */
function gzipped(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const gzip = zlib.createGzip()
  const input = Readable.fromWeb(body as NodeReadableStream<Uint8Array>)
  pipeline(input, gzip, () => {}) // an error reaches the reader through the iterator
  const output = gzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await output.next()
        if (done) controller.close()
        else controller.enqueue(value)
      },
      cancel(reason) {
        input.destroy(reason instanceof Error ? reason : undefined)
        gzip.destroy()
      },
    },
    { highWaterMark: 0 },
  )
}

/**
 * A streamed download (a CSV export), read from its source only as fast as
 * the client takes it (withBackpressure), and gzip-compressed here, as a web
 * stream inside that chain, when the client takes gzip. The compression
 * middleware, which would otherwise compress it, accepts writes as fast as
 * they come and pauses only its output: a fast export piled up in its input
 * (+86 MB of server memory for a million rows, against +22 MB uncompressed,
 * measured). A response already encoded is left alone by the middleware.
 */
export function streamedDownload(
  request: Request,
  context: unknown,
  body: ReadableStream<Uint8Array>,
  headers: Record<string, string>,
  /** False for a body compressed already (a PDF): gzip would only cost CPU. */
  { compressible = true }: { compressible?: boolean } = {},
): Response {
  const gzip = compressible && acceptsGzip(request)
  const source = gzip ? gzipped(body) : body
  return new Response(withBackpressure(source, loadContext(context).drained), {
    headers: {
      ...headers,
      vary: 'Accept-Encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    },
  })
}

const LOCAL = /^(127\.|::1$|::ffff:127\.)/

export function isLocalAddress(address: string | null | undefined): boolean {
  return !!address && LOCAL.test(address)
}

/** An address as PostgreSQL's inet takes it: IPv4 written as IPv4 even on an IPv6 socket. */
function plainAddress(address: string | undefined): string | null {
  if (!address) return null
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
  return net.isIP(plain) ? plain : null
}

export function buildLoadContext(input: {
  peerAddress: string | undefined
  /**
   * The client as Express's `trust proxy` (TRUST_PROXY) reads it: the
   * rightmost X-Forwarded-For address not trusted, or the peer.
   */
  clientIp: string | undefined
  forwardedFor: string | undefined
  forwarded: string | undefined
  /** The response being written (Node's), for `drained`. */
  response?: { writableNeedDrain: boolean; destroyed: boolean }
  cspNonce?: string
}): VigilLoadContext {
  const peer = plainAddress(input.peerAddress)
  const forwarded = !!(input.forwardedFor || input.forwarded)
  const clientIp = plainAddress(input.clientIp) ?? peer
  const response = input.response
  // Polled rather than awaited on 'drain': the compression middleware
  // re-routes that event, and a short poll cannot wait forever.
  const drained = response
    ? async () => {
        while (response.writableNeedDrain && !response.destroyed)
          await new Promise((resolve) => setTimeout(resolve, 5))
      }
    : NO_WAIT
  return { peerAddress: peer, forwarded, clientIp, cspNonce: input.cspNonce ?? null, drained }
}

export function loadContext(context: unknown): VigilLoadContext {
  const c = (context ?? {}) as Partial<VigilLoadContext>
  return {
    peerAddress: c.peerAddress ?? null,
    forwarded: c.forwarded ?? false,
    clientIp: c.clientIp ?? null,
    cspNonce: c.cspNonce ?? null,
    drained: c.drained ?? NO_WAIT,
  }
}
