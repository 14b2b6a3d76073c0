import crypto from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import { cspNonce } from './security-headers'
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
])

/** Stands for the nonce in a kept page: random, so no page can contain it by chance. */
const NONCE_PLACEHOLDER = `vigil-nonce-${crypto.randomUUID()}`

interface Entry {
  headers: [string, string | number | string[]][]
  /** The page, its nonce replaced by NONCE_PLACEHOLDER (or the bytes, when it had none). */
  body: string | Buffer
  expires: number
}

export interface PageCacheOptions {
  ttlMs?: number
  maxEntries?: number
}

export function petitionPageCache({ ttlMs = 1000, maxEntries = 1000 }: PageCacheOptions = {}) {
  const entries = new Map<string, Entry>()
  const rendering = new Map<string, Promise<Entry | null>>()

  function send(res: Response, entry: Entry) {
    for (const [name, value] of entry.headers) res.setHeader(name, value)
    const body =
      typeof entry.body === 'string'
        ? Buffer.from(entry.body.replaceAll(NONCE_PLACEHOLDER, cspNonce(res) ?? ''))
        : entry.body
    res.status(200).end(body)
  }

  /** What is kept of a render: its nonce taken out, so it can be filled per reader. */
  function keptBody(res: Response, bytes: Buffer): string | Buffer {
    const nonce = cspNonce(res)
    return nonce ? bytes.toString('utf8').replaceAll(nonce, NONCE_PLACEHOLDER) : bytes
  }

  /** Lets the request render as usual and keeps what it sent, if it may be shared. */
  function renderAndKeep(key: string, res: Response, next: NextFunction): Promise<Entry | null> {
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
            expires: Date.now() + ttlMs,
          }
          if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
          entries.set(key, entry)
          resolve(entry)
        } else {
          resolve(null)
        }
        return end(chunk, ...rest)
      }) as Response['end']
      res.once('close', () => resolve(null))
      next()
    })
  }

  return function pageCache(req: Request, res: Response, next: NextFunction): void {
    if (
      req.method !== 'GET' ||
      !PETITION_PAGE.test(req.path) ||
      req.originalUrl.includes('?') ||
      req.headers.cookie ||
      req.headers.authorization
    ) {
      next()
      return
    }
    // The same language the page will be rendered in (app/utils/i18n.server.ts).
    const language = new Request(`http://cache${req.path}`, {
      headers: { 'accept-language': req.get('accept-language') ?? '' },
    })
    void requestLanguage(language).then((lang) => serve(`${lang} ${req.path}`, res, next), next)
  }

  function serve(key: string, res: Response, next: NextFunction): void {
    res.vary('Accept-Language')
    const entry = entries.get(key)
    if (entry && entry.expires > Date.now()) {
      send(res, entry)
      return
    }
    const pending = rendering.get(key)
    if (pending) {
      void pending.then((shared) => (shared ? send(res, shared) : next()))
      return
    }
    const render = renderAndKeep(key, res, next).finally(() => rendering.delete(key))
    rendering.set(key, render)
  }
}
