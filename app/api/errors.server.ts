import { DomainError, type FieldMessages } from '~/domain/errors'
import { apiError } from './envelope.server'

const STATUS = { invalid: 422, conflict: 409, not_found: 404 } as const

/**
 * The API's one answer to a broken domain rule (domain/errors.ts): 422,
 * 409 or 404 in the contract's error shape, the fields under this
 * request's names (`rename` maps an error's field to the name the request
 * used). Anything else is rethrown: a 500 is a bug, not an answer.
 */
export function apiErrorFor(error: unknown, rename: Record<string, string> = {}): Response {
  if (!(error instanceof DomainError)) throw error
  const fields = renameFields(error.fields, rename)
  return apiError(
    STATUS[error.kind],
    error.message,
    Object.keys(fields).length > 0 ? fields : undefined,
  )
}

export function renameFields(fields: FieldMessages, rename: Record<string, string>): FieldMessages {
  return Object.fromEntries(Object.entries(fields).map(([key, list]) => [rename[key] ?? key, list]))
}
