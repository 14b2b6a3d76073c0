import { z } from 'zod'
import { hasNul } from '~/utils/text'

export const NUL_MESSAGE =
  'This contains a character that cannot be stored (NUL). Please remove it.'

/**
 * `z.string()` that refuses NUL (U+0000), which PostgreSQL cannot store:
 * every free-text field of a public form or the API starts here, so the
 * message appears beside its field instead of a 500. (Bodies are read
 * strictly too: utils/form.server.ts, api/envelope.server.ts.)
 */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine((value) => !hasNul(value), NUL_MESSAGE)
}
