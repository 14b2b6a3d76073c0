import { z } from 'zod'
import { COUNTRY_CODES, POSTAL_CODE_PATTERNS } from './countries'
import { text } from './text'
import { normalizeSource } from '~/domain/sources'

const URL_LIKE = /(https?:\/\/|www\.|\b[\w-]+\.(com|net|org|info|biz|io|ru|cn|xyz|top|co|me|ly)\b)/i
const FORMULA_START = /^[=+\-@]/

/** A checkbox: `on` (or true) when ticked, anything else is false. */
const checkbox = z
  .unknown()
  .optional()
  .transform((v) => v === 'on' || v === 'true' || v === true)

const optionalText = (max: number, label: string) =>
  text()
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : undefined))

export const NAME_MAX = 100
export const COMMENT_MAX = 1000
export const LETTER_MAX = 5000

export const SignatureSchema = z
  .object({
    name: text({ error: 'Please enter your name.' })
      .trim()
      .min(1, 'Please enter your name.')
      .max(NAME_MAX, `Your name must be at most ${NAME_MAX} characters.`)
      .refine((v) => !/[\r\n]/.test(v), 'Your name must be on one line.')
      .refine((v) => !URL_LIKE.test(v), 'Your name cannot contain a web address.')
      .refine((v) => !FORMULA_START.test(v), 'Your name cannot start with = + - or @.'),
    email: text({ error: 'Please enter your email address.' })
      .trim()
      .min(1, 'Please enter your email address.')
      .max(254, 'That email address is too long.')
      .pipe(z.email('Please enter a valid email address, like name@example.com.')),
    postalCode: text({ error: 'Please enter your postal code.' })
      .trim()
      .min(1, 'Please enter your postal code.')
      .max(12, 'That postal code is too long.'),
    country: text()
      .trim()
      .toUpperCase()
      .optional()
      .transform((v) => v || 'US')
      .refine((v) => COUNTRY_CODES.has(v), 'Please choose a country from the list.'),
    locality: optionalText(100, 'Your town or city'),
    comment: optionalText(COMMENT_MAX, 'Your comment'),
    letter: optionalText(LETTER_MAX, 'Your letter'),
    subscribe: checkbox,
    public: checkbox,
    /** What brought the signer (`?source=`): normalized, and none rather than an error. */
    source: z.unknown().optional().transform(normalizeSource),
  })
  .superRefine((value, ctx) => {
    const known = POSTAL_CODE_PATTERNS[value.country]
    if (known && !known.pattern.test(value.postalCode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['postalCode'],
        message: `Please enter a valid postal code (for example ${known.example}).`,
      })
    }
  })

export type SignatureInput = z.infer<typeof SignatureSchema>
export type SignatureField = keyof SignatureInput

/** The zod error as one message list per field, for re-rendering a form. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'form'
    ;(out[key] ??= []).push(issue.message)
  }
  return out
}

/** The consent the subscribe box shows; recorded with each signature. */
export function subscribeConsentText(organizationName: string): string {
  return `Keep me updated by email from ${organizationName} about this case and related campaigns. I can unsubscribe at any time.`
}
