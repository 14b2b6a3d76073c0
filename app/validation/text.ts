import { z } from './zod'
import { hasNul } from '~/utils/text'
import { DEFAULT_LANGUAGE, translator } from '~/utils/i18n'

/**
 * Messages of the schemas that signers meet are translation keys
 * (`errors.…` in app/locales/*.json), never English: `issueMessage` turns
 * an issue into the reader's language, with the limit (`max`) or the
 * issue's own `params` filled in. Every place that turns a zod error into
 * field messages goes through it; other schemas' plain messages pass as
 * they are.
 */
export const NUL_MESSAGE = 'errors.nul'

const KEY = /^errors\.[a-z_]+$/

export function issueMessage(issue: z.core.$ZodIssue, language: string = DEFAULT_LANGUAGE): string {
  if (!KEY.test(issue.message)) return issue.message
  const limits = issue as { maximum?: unknown; minimum?: unknown; params?: Record<string, unknown> }
  return translator(language)(issue.message, {
    max: limits.maximum,
    min: limits.minimum,
    ...(limits.params ?? {}),
  })
}

/**
 * `z.string()` that refuses NUL (U+0000), which PostgreSQL cannot store:
 * every free-text field of a public form or the API starts here, so the
 * message appears beside its field instead of a 500. (Bodies are read
 * strictly too: utils/form.server.ts, api/envelope.server.ts.)
 */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine((value) => !hasNul(value), NUL_MESSAGE)
}
