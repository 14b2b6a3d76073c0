import { z } from './zod'
import { COUNTRY_CODES, POSTAL_CODE_PATTERNS } from './countries'
import { COMMENT_MAX, LETTER_MAX, NAME_MAX } from './signature-fields'
import { issueMessage, text } from './text'
import { normalizeSource } from '~/domain/sources'
import { MAX_PARTNERS } from '~/domain/partners'
import { isUuid } from '~/utils/uuid'

const URL_LIKE = /(https?:\/\/|www\.|\b[\w-]+\.(com|net|org|info|biz|io|ru|cn|xyz|top|co|me|ly)\b)/i
const FORMULA_START = /^[=+\-@]/

/** A checkbox: `on` (or true) when ticked, anything else is false. */
const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === true)

const optionalText = (max: number, tooLong: string) =>
  text()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((v) => (v ? v : undefined))

export const SignatureSchema = z
  .object({
    name: text({ error: 'errors.name_required' })
      .trim()
      .min(1, 'errors.name_required')
      .max(NAME_MAX, 'errors.name_too_long')
      .refine((v) => !/[\r\n]/.test(v), 'errors.name_one_line')
      .refine((v) => !URL_LIKE.test(v), 'errors.name_no_url')
      .refine((v) => !FORMULA_START.test(v), 'errors.name_formula'),
    email: text({ error: 'errors.email_required' })
      .trim()
      .min(1, 'errors.email_required')
      .max(254, 'errors.email_too_long')
      .pipe(z.email('errors.email_invalid')),
    postalCode: text({ error: 'errors.postal_code_required' })
      .trim()
      .min(1, 'errors.postal_code_required')
      .max(12, 'errors.postal_code_too_long'),
    country: text()
      .trim()
      .toUpperCase()
      .optional()
      .transform((v) => v || 'US')
      .refine((v) => COUNTRY_CODES.has(v), 'errors.country_invalid'),
    locality: optionalText(100, 'errors.locality_too_long'),
    comment: optionalText(COMMENT_MAX, 'errors.comment_too_long'),
    letter: optionalText(LETTER_MAX, 'errors.letter_too_long'),
    subscribe: checkbox,
    public: checkbox,
    /**
     * The partner organizations the signer lets contact them (repeated, an
     * organization's id; decision 043). What is not an id is left out, and
     * an id that is not an active partner of the petition stores nothing.
     */
    subscribe_partner: z
      .unknown()
      .optional()
      .transform((v) => {
        const ids = (Array.isArray(v) ? v : [v]).filter(
          (id): id is string => typeof id === 'string' && isUuid(id.trim()),
        )
        return [...new Set(ids.map((id) => id.trim().toLowerCase()))].slice(0, MAX_PARTNERS)
      }),
    /** What brought the signer (`?source=`): normalized, and none rather than an error. */
    source: z.unknown().optional().transform(normalizeSource),
  })
  .superRefine((value, ctx) => {
    const known = POSTAL_CODE_PATTERNS[value.country]
    if (known && !known.pattern.test(value.postalCode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['postalCode'],
        message: 'errors.postal_code_invalid',
        params: { example: known.example },
      })
    }
  })

export type SignatureInput = z.infer<typeof SignatureSchema>
export type SignatureField = keyof SignatureInput

/** The zod error as one message list per field, in the reader's language, for re-rendering a form. */
export function fieldErrors(error: z.ZodError, language?: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'form'
    ;(out[key] ??= []).push(issueMessage(issue, language))
  }
  return out
}
