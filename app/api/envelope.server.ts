import { z } from 'zod'
import { env } from '~/utils/env.server'
import { readBytes } from '~/utils/form.server'
import { decodeUtf8, hasNul } from '~/utils/text'
import { issueMessage } from '~/validation/text'
import { collectionLinks, type Links } from './links.server'

/** The contract's JSON error shape. */
export function apiError(
  status: number,
  message: string,
  fields?: Record<string, string[]>,
): Response {
  return Response.json({ error: { message, ...(fields ? { fields } : {}) } }, { status })
}

const PageSchema = z.object({
  page: z.coerce.number().int('page must be a whole number').min(1, 'page starts at 1').default(1),
  per_page: z.coerce
    .number()
    .int('per_page must be a whole number')
    .min(1, 'per_page must be between 1 and 100')
    .max(100, 'per_page must be between 1 and 100')
    .default(25),
})

export type Page = z.infer<typeof PageSchema>

/** `page` and `per_page` from the query string, or a 422 Response to return. */
export function parsePage(url: URL): Page | Response {
  const result = PageSchema.safeParse({
    page: url.searchParams.get('page') ?? undefined,
    per_page: url.searchParams.get('per_page') ?? undefined,
  })
  if (result.success) return result.data
  const fields: Record<string, string[]> = {}
  for (const issue of result.error.issues)
    (fields[String(issue.path[0])] ??= []).push(issueMessage(issue))
  return apiError(422, 'Invalid pagination.', fields)
}

/** The OSDI-shaped list envelope, with its HAL links (links.server.ts). */
export function collection<T extends { _links?: Links }>(
  url: URL,
  resource: string,
  items: T[],
  total: number,
  page: Page,
) {
  const totalPages = Math.max(1, Math.ceil(total / page.per_page))
  return {
    total_records: total,
    total_pages: totalPages,
    page: page.page,
    per_page: page.per_page,
    _links: collectionLinks(url, { page: page.page, totalPages, resource, items }),
    _embedded: { [`osdi:${resource}`]: items },
  }
}

/**
 * One page of a list resource, answered: `?page` and `per_page` read (or the
 * 422), the page's rows and the total read side by side, each row presented,
 * the envelope as HAL. The caller has already checked who is asking; `read`
 * and `count` are scoped by it.
 */
export async function pagedCollection<Row, T extends { _links?: Links }>(
  request: Request,
  resource: string,
  {
    read,
    count,
    present,
  }: {
    read: (window: { limit: number; offset: number }) => Promise<Row[]>
    count: () => Promise<number>
    present: (rows: Row[]) => T[] | Promise<T[]>
  },
): Promise<Response> {
  const url = new URL(request.url)
  const page = parsePage(url)
  if (page instanceof Response) return page
  const [rows, total] = await Promise.all([
    read({ limit: page.per_page, offset: (page.page - 1) * page.per_page }),
    count(),
  ])
  return hal(request, collection(url, resource, await present(rows), total, page))
}

export const HAL_JSON = 'application/hal+json; charset=utf-8'

/**
 * A resource or list as the API answers it: `application/hal+json`, or
 * plain `application/json` for a client that asks for that and not for HAL
 * (the body is the same). Errors stay `application/json` (apiError): they
 * are not resources.
 */
export function hal(request: Request, body: unknown, init: ResponseInit = {}): Response {
  const accept = request.headers.get('accept') ?? ''
  const plain = /application\/json/i.test(accept) && !/application\/hal\+json/i.test(accept)
  const headers = new Headers(init.headers)
  headers.set('Content-Type', plain ? 'application/json; charset=utf-8' : HAL_JSON)
  headers.append('Vary', 'Accept')
  return new Response(JSON.stringify(body), { ...init, headers })
}

export function identifiers(id: string) {
  return [`vigil:${id}`]
}

export function browserUrl(path: string): string {
  return `${env().appUrl}${path}`
}

export function iso(value: Date | string | null | undefined): string | null {
  if (!value) return null
  return new Date(value).toISOString()
}

/** The largest JSON body the API reads. */
export const MAX_JSON_BYTES = 1_000_000

/** A zod error as the contract's `fields`: one message list per dotted path. */
export function apiFieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'body'
    ;(fields[key] ??= []).push(issueMessage(issue))
  }
  return fields
}

/** How deep a JSON body may nest (the deepest the API reads is 4). */
export const MAX_JSON_DEPTH = 32

/** Whether JSON text nests deeper than `max` (counted outside strings, before parsing). */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

/**
 * The request's JSON body, parsed with `schema`; or the Response to return:
 * `400` for a body that is not JSON (not UTF-8 text, nested deeper than
 * MAX_JSON_DEPTH, or carrying a NUL, `\u0000`, which nothing can store:
 * utils/text.ts), `422` with the fields for one that fails validation,
 * `413` for one too large to read.
 */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.output<S> | Response> {
  const bytes = await readBytes(request, MAX_JSON_BYTES)
  if (!bytes) return apiError(413, 'The body is too large.')
  const text = decodeUtf8(bytes)
  if (text === null) return apiError(400, 'The body must be UTF-8 text.')
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return apiError(400, 'The body nests too deeply.')
  let body: unknown
  let nul = false
  try {
    body = JSON.parse(text, (key, value: unknown) => {
      if (hasNul(key) || (typeof value === 'string' && hasNul(value))) nul = true
      return value
    })
  } catch {
    return apiError(400, 'The body must be valid JSON.')
  }
  if (nul)
    return apiError(400, 'The body contains a NUL character (\\u0000), which cannot be stored.')
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return apiError(422, 'The body must be a JSON object.')
  const result = schema.safeParse(body)
  if (!result.success)
    return apiError(422, 'The request is not valid.', apiFieldErrors(result.error))
  return result.data
}

/** `405` with the methods a resource does answer. */
export function methodNotAllowed(allowed: string[]): Response {
  const response = apiError(405, `Use ${allowed.join(' or ')} here.`)
  response.headers.set('Allow', allowed.join(', '))
  return response
}
