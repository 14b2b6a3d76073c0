import { z } from './zod'
import { COUNTRY_CODES } from './countries'
import { instant, LOCAL_DATE_TIME } from './time'

/**
 * Campaigns to signers: the JSON API's bodies (snake_case, as the contract
 * names them) and the dashboard's forms.
 */

/** The most regions one message may name. */
export const AUDIENCE_MAX_REGIONS = 200

/**
 * A postal code prefix as stored: upper case, no spaces or dashes ("sw1a 1"
 * → "SW1A1"). inAudience in message.server.ts normalizes signers' postal
 * codes the same way in SQL.
 */
export function normalizePostalPrefix(value: string): string {
  return value.replace(/[\s-]+/g, '').toUpperCase()
}

const country = z
  .string({ error: 'Each country must be a string.' })
  .trim()
  .refine((v) => COUNTRY_CODES.has(v.toUpperCase()), {
    error: (issue) =>
      `${String(issue.input)} is not an ISO 3166-1 alpha-2 country code (like US or CA).`,
  })
  .transform((v) => v.toUpperCase())

const postalPrefix = z
  .string({ error: 'Each postal code prefix must be a string.' })
  .refine((v) => /^[A-Z0-9]{1,10}$/.test(normalizePostalPrefix(v)), {
    error: (issue) =>
      `${String(issue.input)} is not a postal code prefix (1 to 10 letters and digits, like 787).`,
  })
  .transform(normalizePostalPrefix)

/** Region limits of a message's audience; empty lists mean "everyone". */
export interface Audience {
  countries: string[]
  postalPrefixes: string[]
}

export const AudienceSchema = z
  .object({
    countries: z
      .array(country, { error: 'countries must be a list of country codes.' })
      .max(AUDIENCE_MAX_REGIONS, `countries may name at most ${AUDIENCE_MAX_REGIONS}.`)
      .default([]),
    postal_code_prefixes: z
      .array(postalPrefix, { error: 'postal_code_prefixes must be a list of strings.' })
      .max(AUDIENCE_MAX_REGIONS, `postal_code_prefixes may name at most ${AUDIENCE_MAX_REGIONS}.`)
      .default([]),
  })
  .strict()
  .transform((a): Audience => ({
    countries: [...new Set(a.countries)],
    postalPrefixes: [...new Set(a.postal_code_prefixes)],
  }))

export const MessageCreateSchema = z.object({
  subject: z
    .string({ error: 'subject must be a string.' })
    .trim()
    .min(1, 'subject is required.')
    .max(300, 'subject must be at most 300 characters.'),
  body: z
    .string({ error: 'body must be a string.' })
    .trim()
    .min(1, 'body is required.')
    .max(100_000, 'body must be at most 100,000 characters.'),
  // The Spanish version for signers who signed in Spanish (decision 040).
  subject_es: z
    .string({ error: 'subject_es must be a string.' })
    .trim()
    .max(300, 'subject_es must be at most 300 characters.')
    .nullish(),
  body_es: z
    .string({ error: 'body_es must be a string.' })
    .trim()
    .max(100_000, 'body_es must be at most 100,000 characters.')
    .nullish(),
  targets: z
    .array(
      z.object({
        petition_id: z
          .string({ error: 'petition_id must be a string.' })
          .min(1, 'petition_id is required.')
          .max(100),
      }),
      { error: 'targets must be a list of {"petition_id": …}.' },
    )
    .min(1, 'targets needs at least one petition.')
    .max(100, 'targets may name at most 100 petitions.'),
  audience: AudienceSchema.nullish(),
})

export const MessageSendSchema = z
  .object({
    scheduled_at: instant('scheduled_at').nullish(),
    hours_before_deadline: z
      .number({ error: 'hours_before_deadline must be a whole number of hours.' })
      .int('hours_before_deadline must be a whole number of hours.')
      .min(0, 'hours_before_deadline cannot be negative.')
      .max(2160, 'hours_before_deadline can be at most 2160 (90 days).')
      .nullish(),
  })
  .refine((body) => body.scheduled_at == null || body.hours_before_deadline == null, {
    message: 'Give scheduled_at or hours_before_deadline, not both.',
    path: ['hours_before_deadline'],
  })

/** A comma- or space-separated list typed into one field. */
const list = (value: string | undefined) =>
  (value ?? '')
    .split(/[\s,;]+/)
    .map((v) => v.trim())
    .filter(Boolean)

/**
 * The dashboard's message form, as a browser without JavaScript posts it:
 * petitions as repeated `petitionIds`, regions typed as lists. Country codes
 * and postal prefixes are checked one by one, so the error names the bad one.
 */
export const MessageFormSchema = z
  .object({
    subject: z
      .string({ error: 'Please enter a subject.' })
      .trim()
      .min(1, 'Please enter a subject.')
      .max(300, 'The subject must be at most 300 characters.'),
    body: z
      .string({ error: 'Please write the message.' })
      .trim()
      .min(1, 'Please write the message.')
      .max(100_000, 'The message must be at most 100,000 characters.'),
    // The Spanish version (decision 040); empty is none.
    subjectEs: z
      .string()
      .trim()
      .max(300, 'The subject must be at most 300 characters.')
      .optional()
      .transform((v) => v || null),
    bodyEs: z
      .string()
      .trim()
      .max(100_000, 'The message must be at most 100,000 characters.')
      .optional()
      .transform((v) => v || null),
    petitionIds: z
      .array(z.string())
      .min(1, 'Choose at least one petition whose signers get this.')
      .max(100, 'Choose at most 100 petitions.'),
    countries: z
      .string()
      .optional()
      .transform(list)
      .pipe(
        z
          .array(country)
          .max(AUDIENCE_MAX_REGIONS, `Name at most ${AUDIENCE_MAX_REGIONS} countries.`),
      ),
    postalPrefixes: z
      .string()
      .optional()
      .transform(list)
      .pipe(
        z
          .array(postalPrefix)
          .max(AUDIENCE_MAX_REGIONS, `Name at most ${AUDIENCE_MAX_REGIONS} prefixes.`),
      ),
  })
  .transform(({ countries, postalPrefixes, ...rest }) => ({
    ...rest,
    audience: {
      countries: [...new Set(countries)],
      postalPrefixes: [...new Set(postalPrefixes)],
    } satisfies Audience,
  }))
export type MessageFormInput = z.infer<typeof MessageFormSchema>

/**
 * When to send, from the dashboard: now, a wall-clock time in a time zone,
 * or hours before the case's next date (following the date when it moves).
 */
export const MessageSendFormSchema = z.discriminatedUnion(
  'when',
  [
    // Sending now asks for a confirmation that names how many will receive it.
    z.object({
      when: z.literal('now'),
      confirm: z.literal('on', { error: 'Tick the box that says how many people will get it.' }),
    }),
    z.object({
      when: z.literal('later'),
      scheduledAt: z
        .string({ error: 'Enter a date and time.' })
        .trim()
        .regex(LOCAL_DATE_TIME, 'Enter a date and time.'),
      timeZone: z.string({ error: 'Choose a time zone.' }).trim().min(1, 'Choose a time zone.'),
    }),
    z.object({
      when: z.literal('deadline'),
      hoursBeforeDeadline: z
        .string({ error: 'Enter a whole number of hours.' })
        .trim()
        .regex(/^\d{1,4}$/, 'Enter a whole number of hours.')
        .transform(Number)
        .pipe(z.number().max(2160, 'At most 2160 hours (90 days) before the date.')),
    }),
  ],
  { error: 'Choose now, a time, or hours before the deadline.' },
)
