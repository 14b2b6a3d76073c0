import { DomainError, type FieldMessages } from '~/domain/errors'

/**
 * The dashboard's one answer to a broken domain rule (domain/errors.ts): a
 * form post re-rendered with 400 (invalid) or 409 (conflict) and the
 * messages beside their fields, under the form's names (the error's own
 * `formFields`, else its fields camel-cased, `rename` first); a message
 * with no field goes to the top of the form (`form`). `not_found` throws
 * the route's 404. Anything else is rethrown.
 */
export function formErrorsFor(
  error: unknown,
  rename: Record<string, string> = {},
): { status: 400 | 409; errors: FieldMessages } {
  if (!(error instanceof DomainError)) throw error
  if (error.kind === 'not_found') throw new Response(error.message, { status: 404 })
  const status = error.kind === 'invalid' ? 400 : 409
  if (error.formFields) return { status, errors: error.formFields }
  const fields = Object.entries(error.fields)
  if (fields.length === 0) return { status, errors: { form: [error.message] } }
  return {
    status,
    errors: Object.fromEntries(fields.map(([key, list]) => [rename[key] ?? camelCase(key), list])),
  }
}

function camelCase(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

/**
 * The dashboard's 404 for an id that is not one of the organization's own
 * (another organization's looks the same as one that does not exist).
 */
export function notFoundInOrganization(what: string): never {
  throw new Response(`There is no such ${what} in your organization.`, { status: 404 })
}
