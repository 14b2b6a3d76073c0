import { z } from './zod'
import { issueMessage } from './text'
import { LOCAL_DATE_TIME } from './time'
import {
  CASE_STATUSES,
  LETTER_DIGEST_SCHEDULES,
  NEXT_DATE_KINDS,
  OFFICIAL_ROLES,
  PETITION_STATUSES,
  SIGNER_UPDATE_MODES,
} from '~/domain/states'

/**
 * The dashboard's forms, as posted by a browser without JavaScript: every
 * value a string, empty meaning "none". Shared by server and browser.
 */

const required = (label: string, max = 200) =>
  z
    .string({ error: `Please enter ${label}.` })
    .trim()
    .min(1, `Please enter ${label}.`)
    .max(max, `This must be at most ${max} characters.`)

const optional = (max = 200) =>
  z
    .string()
    .trim()
    .max(max, `This must be at most ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : null))

const httpUrl = z.string().refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), {
  message: 'Enter a full web address starting with https://.',
})

const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || httpUrl.safeParse(v).success, {
    message: 'Enter a full web address starting with https://.',
  })

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}

export const CaseFormSchema = z
  .object({
    personName: required("the person's name"),
    caseNumber: optional(100),
    jurisdiction: required('the jurisdiction'),
    court: optional(),
    status: z.enum(CASE_STATUSES, { error: 'Choose a status from the list.' }),
    nextDate: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null)
      .refine((v) => v === null || LOCAL_DATE_TIME.test(v), {
        message: 'Enter a date and time.',
      }),
    nextDateKind: z
      .union([z.literal(''), z.enum(NEXT_DATE_KINDS)], {
        error: 'Choose what the date is from the list.',
      })
      .optional()
      .transform((v) => v || null),
    timeZone: z
      .string({ error: 'Choose a time zone.' })
      .trim()
      .refine(isTimeZone, 'Choose a time zone from the list, like America/Chicago.'),
    summary: z.string().max(20_000, 'The summary must be at most 20,000 characters.').default(''),
    sources: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? '')
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine((list) => list.length <= 30, 'At most 30 links.')
      .refine(
        (list) => list.every((s) => httpUrl.safeParse(s).success),
        'Each line must be a full web address starting with https://.',
      ),
    note: optional(2000),
    sourceUrl: optionalUrl,
  })
  .superRefine((v, ctx) => {
    if (v.nextDate && !v.nextDateKind)
      ctx.addIssue({ code: 'custom', path: ['nextDateKind'], message: 'Say what the date is.' })
  })
export type CaseFormInput = z.infer<typeof CaseFormSchema>

export const AttachOfficialSchema = z.object({
  officialId: z.string().uuid('Choose an official.'),
  role: z.enum(OFFICIAL_ROLES, { error: 'Choose a role from the list.' }),
})

export const OfficialFormSchema = z.object({
  name: required('a name'),
  title: optional(),
  office: optional(),
  jurisdiction: optional(),
  email: z
    .string()
    .trim()
    .max(254, 'That email address is too long.')
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || z.email().safeParse(v).success, {
      message: 'Enter a valid email address, like name@example.com.',
    }),
  phone: optional(50),
  officeHours: optional(500),
  timeZone: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isTimeZone(v), 'Choose a time zone from the list.'),
})
export type OfficialFormInput = z.infer<typeof OfficialFormSchema>

export const PetitionFormSchema = z.object({
  caseId: z.string({ error: 'Choose a case.' }).uuid('Choose a case.'),
  title: required('a title'),
  body: z.string().max(50_000, 'The text must be at most 50,000 characters.').default(''),
  goal: z.coerce
    .number({ error: 'Enter a whole number.' })
    .int('Enter a whole number.')
    .min(1, 'The goal must be at least 1.')
    .max(100_000_000, 'That goal is too large.'),
  status: z.enum(PETITION_STATUSES, { error: 'Choose a status from the list.' }),
  letterDefault: optional(5000),
  letterDigest: z
    .enum(LETTER_DIGEST_SCHEDULES, { error: 'Choose how often letters are delivered.' })
    .optional(),
  signerUpdates: z
    .enum(SIGNER_UPDATE_MODES, { error: 'Choose what happens from the list.' })
    .default('offer'),
  targetIds: z.array(z.string().uuid()).default([]),
  // The Spanish versions (decision 040); empty is none.
  titleEs: optional(200),
  bodyEs: optional(50_000),
  letterDefaultEs: optional(5000),
})
export type PetitionFormInput = z.infer<typeof PetitionFormSchema>

/** A form's fields as one object; repeated names (checkboxes) as arrays when listed. */
export function formObject(
  form: FormData,
  arrays: readonly string[] = [],
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).filter((v): v is string => typeof v === 'string')
    out[key] = arrays.includes(key) ? values : (values[0] ?? '')
  }
  for (const key of arrays) out[key] ??= []
  return out
}

/** Field errors by name, from a zod error (in the reader's language where keyed). */
export function errorsByField(error: z.ZodError, language?: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String)[0] || 'form'
    ;(out[key] ??= []).push(issueMessage(issue, language))
  }
  return out
}
