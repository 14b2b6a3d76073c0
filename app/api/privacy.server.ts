import type { SupporterErasure, SupporterExport } from '~/services/privacy.server'
import { SupporterRequestSchema } from '~/validation/privacy'
import type { Operation } from './operation.server'

/**
 * How an export or an erasure of one person's data is written out, by the
 * API (`POST /api/v1/supporters/export`, `…/erase`) and the command line
 * alike: the service's result with snake_case keys and ISO 8601 times.
 */
function snake(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(snake)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
        snake(v),
      ]),
    )
  return value
}

export function supporterExportResource(data: SupporterExport) {
  return snake(data) as Record<string, unknown>
}

/** What was erased, by kind (counts only: the erased data is gone). */
export function supporterErasureResource(result: SupporterErasure) {
  const { email, organizationId, erasedAt, ...counts } = result
  return snake({ email, organizationId, erasedAt, erased: counts }) as Record<string, unknown>
}

/** The privacy operations, for the OpenAPI list (operations.server.ts). */
export const PRIVACY_OPERATIONS: Operation[] = [
  ['/supporters/export', 'Everything the organization holds about one email address'],
  ['/supporters/erase', 'Erase it: signatures leave the counts; answers what was erased'],
].map(([path, summary]) => ({
  method: 'post',
  path: path!,
  summary: `${summary} (admins' tokens)`,
  tag: 'Privacy',
  body: SupporterRequestSchema,
  example: { email: 'supporter@example.org' },
  success: 200,
}))
