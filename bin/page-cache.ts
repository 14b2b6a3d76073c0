import crypto from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import zlib from 'node:zlib'
import type { NextFunction, Request, Response } from 'express'
import { normalizeSource, sourceField } from '../app/domain/sources'
import { acceptsGzipEncoding } from '../app/utils/request.server'
import { applySecurityHeaders, cspNonce, newNonce } from './security-headers'
import { requestLanguage } from '../app/utils/i18n.server'

/**
 * A one-second shared cache of public petition pages for anonymous readers.
 * In a surge thousands of people open the same petition; every one of them
 * gets the same HTML, and the count on it may lag by up to 5 seconds (see the
 * contract), so rendering it once a second instead of once per reader keeps
 * the page fast without changing what anyone sees. Concurrent misses wait for
 * one render instead of each starting their own.
 *
 * Only a plain GET of /petitions/:slug without cookies, credentials or a query
 * string is served from it, and only a 200 that sets no cookie is kept. A
 * page is kept per language (Accept-Language chooses it for such a reader),
 * and says so in `Vary`.
 * See docs/decisions/010-petition-page-cache.md.
 *
 * No reader gets another's CSP nonce (decision 026): the kept page has the
 * nonce of the render replaced by a placeholder, filled with each reader's
 * own nonce as it is sent, and the policy header is set afresh each time.
 *
 * A shared link carries `?source=CODE` (decision 035), and a surge arrives
 * through exactly such links: a query string of that one valid parameter
 * shares the path's one entry. The page is rendered and kept without it,
 * and each reader's source is written into the sign form's empty hidden
 * field as the page is sent, so the signature records it without
 * JavaScript and the cache keeps one entry per petition.
 *
 * A hit is answered before Express (decision 046): `answerFromMemory`, on
 * Node's plain request, in front of the app (bin/serve.ts). It answers only
 * what this middleware would have answered from a fresh entry, with the
 * same headers (request id, security headers and this reader's nonce,
 * Vary, gzip when asked for) and the same log line and metric; anything
 * else, a miss or a stale entry included, goes on to Express and here.
 */
const PETITION_PAGE = /^\/petitions\/[^/.]+\/?$/
const SKIPPED_HEADERS = new Set([
  'set-cookie',
  'date',
  'connection',
  'keep-alive',
  'content-length',
  // Set by compression() for the client that caused the render; the kept body is uncompressed.
  'content-encoding',
  'transfer-encoding',
  // Names the render's nonce; each reader gets a policy with their own.
  'content-security-policy',
  // The render's request; each reader gets their own.
  'x-request-id',
])

/** Stands for the nonce in a kept page: random, so no page can contain it by chance. */
const NONCE_PLACEHOLDER = `vigil-nonce-${crypto.randomUUID()}`

/** Where a kept page takes the reader's nonce, and their source field. */
const NONCE = 0
const SOURCE = 1
type Piece = Buffer | typeof NONCE | typeof SOURCE

interface Entry {
  headers: [string, string | number | string[]][]
  /**
   * The page as bytes between the places filled per reader (its nonces,
   * its empty source field), so a reader's page is one copy of ready bytes
   * rather than a search and an encoding of the whole text; or the bytes
   * alone, for what is not a page.
   */
  body: Piece[] | Buffer
  /** Text: compressed for a reader who takes it. */
  html: boolean
  expires: number
}

/** A kept page's text, its render's nonce already replaced by NONCE_PLACEHOLDER, as pieces. */
function piecesOf(page: string): Piece[] {
  const field = sourceField(null)
  const at = page.indexOf(field)
  const around = at < 0 ? [page] : [page.slice(0, at), page.slice(at + field.length)]
  const pieces: Piece[] = []
  around.forEach((text, i) => {
    if (i > 0) pieces.push(SOURCE)
    text.split(NONCE_PLACEHOLDER).forEach((bytes, j) => {
      if (j > 0) pieces.push(NONCE)
      pieces.push(Buffer.from(bytes))
    })
  })
  return pieces
}

export interface PageCacheOptions {
  ttlMs?: number
  maxEntries?: number
}

/** What a plain request answered from memory needs from the server around it. */
export interface PlainAnswer {
  /** Starts the request's log line and metric (bin/request-log.ts), given its path. */
  log: (req: IncomingMessage, res: ServerResponse, pathname: string) => void
  /** True once the server is stopping: the connection closes after the answer. */
  draining: () => boolean
}

export function petitionPageCache({ ttlMs = 1000, maxEntries = 1000 }: PageCacheOptions = {}) {
  const entries = new Map<string, Entry>()
  const rendering = new Map<string, Promise<Entry | null>>()
  /** Accept-Language → the language requestLanguage chose for it (a reader without cookie or ?lang=). */
  const languages = new Map<string, string>()

  /** The page as this reader gets it: their nonce, their source. */
  /** The page as this reader gets it, in pieces (no copy of the kept bytes). */
  function chunksFor(entry: Entry, nonce: string, source: string | null): Buffer[] {
    if (Buffer.isBuffer(entry.body)) return [entry.body]
    const nonceBytes = Buffer.from(nonce)
    const field = Buffer.from(sourceField(source))
    return entry.body.map((piece) =>
      piece === NONCE ? nonceBytes : piece === SOURCE ? field : piece,
    )
  }

  function bodyFor(entry: Entry, nonce: string, source: string | null): Buffer {
    return Buffer.concat(chunksFor(entry, nonce, source))
  }

  function send(
    res: Response,
    entry: Entry,
    source: string | null,
    end: (body: Buffer) => unknown = (body) => res.end(body),
  ) {
    for (const [name, value] of entry.headers) res.setHeader(name, value)
    res.status(200)
    end(bodyFor(entry, cspNonce(res) ?? '', source))
  }

  /**
   * A hit answered on Node's plain request and response, before Express:
   * true when answered, false when Express must take it (a request the
   * cache does not serve, a miss, a stale entry, a language not yet seen).
   */
  function answerFromMemory(req: IncomingMessage, res: ServerResponse, plain: PlainAnswer) {
    const url = req.url ?? '/'
    const at = url.indexOf('?')
    const path = at < 0 ? url : url.slice(0, at)
    if (req.method !== 'GET' || !PETITION_PAGE.test(path)) return false
    if (req.headers.cookie || req.headers.authorization) return false
    const source = sharedSource(url)
    if (source === undefined) return false
    const language = languages.get(req.headers['accept-language'] ?? '')
    const entry = language && entries.get(`${language} ${path}`)
    if (!entry || entry.expires <= Date.now()) return false
    plain.log(req, res, path)
    const nonce = newNonce()
    applySecurityHeaders(req, res, path, nonce)
    if (plain.draining()) res.setHeader('Connection', 'close')
    for (const [name, value] of entry.headers) res.setHeader(name, value)
    let chunks = chunksFor(entry, nonce, source)
    if (entry.html) {
      // As compression() answers it: the page varies by encoding, gzip for who takes it.
      res.setHeader('Vary', 'Accept-Language, Accept-Encoding')
      if (acceptsGzipEncoding(req.headers['accept-encoding'])) {
        chunks = [zlib.gzipSync(Buffer.concat(chunks))]
        res.setHeader('Content-Encoding', 'gzip')
      }
    }
    res.setHeader(
      'Content-Length',
      chunks.reduce((sum, chunk) => sum + chunk.length, 0),
    )
    res.writeHead(200)
    // One system call for all of it: the socket gathers the pieces (writev).
    res.cork()
    for (const chunk of chunks) res.write(chunk)
    res.end()
    return true
  }

  /** What is kept of a render: its nonce taken out, so it can be filled per reader. */
  function keptBody(res: Response, bytes: Buffer): Piece[] | Buffer {
    const nonce = cspNonce(res)
    if (nonce) return piecesOf(bytes.toString('utf8').replaceAll(nonce, NONCE_PLACEHOLDER))
    // A page (its source field is filled per reader); anything else as its bytes.
    return isHtml(res) ? piecesOf(bytes.toString('utf8')) : bytes
  }

  /**
   * Lets the request render as usual and keeps what it sent, if it may be
   * shared. A reader with a source holds the render back and is sent the
   * kept page with their source filled in (or, if it may not be kept, the
   * render as it was).
   */
  function renderAndKeep(
    key: string,
    res: Response,
    next: NextFunction,
    source: string | null,
  ): Promise<Entry | null> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = []
      const write = res.write.bind(res) as (...args: unknown[]) => boolean
      const end = res.end.bind(res) as (...args: unknown[]) => Response
      const keep = (chunk: unknown, encoding?: unknown) => {
        if (chunk === undefined || chunk === null || typeof chunk === 'function') return
        chunks.push(
          Buffer.isBuffer(chunk)
            ? chunk
            : typeof chunk === 'string'
              ? Buffer.from(
                  chunk,
                  typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
                )
              : Buffer.from(chunk as Uint8Array),
        )
      }
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        keep(chunk, rest[0])
        if (source) return true
        return write(chunk, ...rest)
      }) as Response['write']
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        keep(chunk, rest[0])
        const cacheable =
          res.statusCode === 200 &&
          !res.hasHeader('set-cookie') &&
          !/no-store|private/.test(String(res.getHeader('cache-control') ?? ''))
        if (cacheable) {
          const headers = Object.entries(res.getHeaders()).filter(
            (h): h is [string, string | number | string[]] =>
              h[1] !== undefined && !SKIPPED_HEADERS.has(h[0]),
          )
          const entry = {
            headers,
            body: keptBody(res, Buffer.concat(chunks)),
            html: isHtml(res),
            expires: Date.now() + ttlMs,
          }
          if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
          entries.set(key, entry)
          resolve(entry)
          if (source) {
            send(res, entry, source, end as (body: Buffer) => Response)
            return res
          }
        } else {
          resolve(null)
          if (source) return end(Buffer.concat(chunks))
        }
        return end(chunk, ...rest)
      }) as Response['end']
      res.once('close', () => resolve(null))
      next()
    })
  }

  function pageCache(req: Request, res: Response, next: NextFunction): void {
    const source = sharedSource(req.originalUrl)
    if (
      req.method !== 'GET' ||
      !PETITION_PAGE.test(req.path) ||
      source === undefined ||
      req.headers.cookie ||
      req.headers.authorization
    ) {
      next()
      return
    }
    // The same language the page will be rendered in (app/utils/i18n.server.ts).
    const accepted = req.get('accept-language') ?? ''
    const language = new Request(`http://cache${req.path}`, {
      headers: { 'accept-language': accepted },
    })
    void requestLanguage(language).then((lang) => {
      if (!languages.has(accepted)) {
        if (languages.size >= maxEntries) languages.delete(languages.keys().next().value!)
        languages.set(accepted, lang)
      }
      serve(`${lang} ${req.path}`, req, res, next, source)
    }, next)
  }

  function serve(
    key: string,
    req: Request,
    res: Response,
    next: NextFunction,
    source: string | null,
  ): void {
    res.vary('Accept-Language')
    const entry = entries.get(key)
    if (entry && entry.expires > Date.now()) {
      send(res, entry, source)
      return
    }
    const pending = rendering.get(key)
    if (pending) {
      void pending.then((shared) => (shared ? send(res, shared, source) : next()))
      return
    }
    if (source) {
      // Render the page as everyone shares it; this reader's source is filled in as it is sent.
      req.url = req.path
      req.originalUrl = req.path
    }
    const render = renderAndKeep(key, res, next, source).finally(() => rendering.delete(key))
    rendering.set(key, render)
  }

  return Object.assign(pageCache, { answerFromMemory })
}

function isHtml(res: Response): boolean {
  return /html/.test(String(res.getHeader('content-type')))
}

/**
 * The source of a URL that the cache may answer: null without a query
 * string, the code when the query is exactly one valid `source`, undefined
 * for any other query (rendered for that request alone).
 */
function sharedSource(url: string): string | null | undefined {
  const at = url.indexOf('?')
  if (at < 0) return null
  const params = new URLSearchParams(url.slice(at + 1))
  const keys = [...params.keys()]
  if (keys.length !== 1 || keys[0] !== 'source') return undefined
  const raw = params.get('source')!
  const code = normalizeSource(raw)
  // Only the stored form itself: anything else renders alone, as typed.
  return code && code === raw ? code : undefined
}
