import { z } from 'zod'
import { env } from './env.server'

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
    (fields[String(issue.path[0])] ??= []).push(issue.message)
  return apiError(422, 'Invalid pagination.', fields)
}

/** The OSDI-shaped list envelope. */
export function collection<T>(resource: string, items: T[], total: number, page: Page) {
  return {
    total_records: total,
    total_pages: Math.max(1, Math.ceil(total / page.per_page)),
    page: page.page,
    per_page: page.per_page,
    _embedded: { [`osdi:${resource}`]: items },
  }
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
