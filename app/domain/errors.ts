/**
 * A broken domain rule, thrown by models and services and answered the same
 * way by every surface (api/errors.server.ts for the JSON API,
 * services/form-errors.server.ts for the dashboard's forms):
 *
 * - `invalid`: the input names something it may not (a petition of another
 *   organization, a template that does not render): the API's 422, the
 *   dashboard's form again with 400 and the messages beside their fields;
 * - `conflict`: the thing's state forbids it (a message already sent): 409;
 * - `not_found`: 404.
 *
 * `fields` are keyed by the API's field names; `formFields`, where the
 * dashboard's form names or words them differently, by the form's.
 */
export type DomainErrorKind = 'invalid' | 'conflict' | 'not_found'

export type FieldMessages = Record<string, string[]>

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly fields: FieldMessages = {},
    readonly formFields?: FieldMessages,
  ) {
    super(message)
    this.name = new.target.name
  }

  /** Every field's messages in one line ("body: …"), or the message when there are none. */
  get detail(): string {
    const parts = Object.entries(this.fields).map(([f, messages]) => `${f}: ${messages.join('; ')}`)
    return parts.length > 0 ? parts.join(' ') : this.message
  }
}

/** A failure as a delivery record keeps it: a domain error's details, else the message. */
export function failureText(error: unknown): string {
  if (error instanceof DomainError) return error.detail
  return error instanceof Error ? error.message : String(error)
}

/** The message most invalid requests answer with, their fields saying why. */
export const NOT_VALID = 'The request is not valid.'
