import { z } from './zod'
import { SOURCE_PATTERN } from '~/domain/sources'
import { instant } from './time'
import { text as plainText } from './text'
import {
  CASE_STATUSES,
  LETTER_DIGEST_SCHEDULES,
  NEXT_DATE_KINDS,
  OFFICIAL_ROLES,
  PETITION_STATUSES,
  SIGNER_UPDATE_MODES,
  type PetitionStatus,
} from '~/domain/states'
import { isValidTimeZone } from '~/utils/time'

/**
 * The JSON API's request bodies (snake_case, as the contract names them).
 * Every enum is built from the lists in models/states.ts.
 */

const text = (label: string, max: number) =>
  plainText({ error: `${label} must be a string.` })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)

const requiredText = (label: string, max = 200) => text(label, max).min(1, `${label} is required.`)

/** Optional, nullable text; empty means none. */
const optionalText = (label: string, max = 200) =>
  text(label, max)
    .nullish()
    .transform((v) => (v ? v : null))

const url = (label: string) =>
  plainText({ error: `${label} must be a string.` })
    .trim()
    .max(2000, `${label} is too long.`)
    .refine((v) => /^https?:\/\/\S+$/i.test(v) && URL.canParse(v), {
      message: `${label} must be a full http(s) URL.`,
    })
    .meta({ format: 'uri' })

const optionalUrl = (label: string) =>
  z
    .union([z.literal(''), url(label)])
    .nullish()
    .transform((v) => (v ? v : null))

const id = (label: string) =>
  z
    .string({ error: `${label} must be a string.` })
    .min(1)
    .max(100)

const timeZone = z
  .string({ error: 'time_zone must be a string.' })
  .trim()
  // A bare offset is not a zone (newer runtimes accept "+05:00", and
  // PostgreSQL would read its sign the POSIX way, backwards).
  .refine(
    (v) => /^[A-Za-z]/.test(v) && isValidTimeZone(v),
    'time_zone must be an IANA time zone, like America/Chicago.',
  )
  .transform((v) => new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone)

const DecisionMakerSchema = z.object({
  official_id: id('official_id'),
  role: z.enum(OFFICIAL_ROLES, { error: `role must be one of ${OFFICIAL_ROLES.join(', ')}.` }),
})

const caseFields = {
  person_name: requiredText('person_name'),
  case_number: optionalText('case_number', 100),
  jurisdiction: requiredText('jurisdiction'),
  court: optionalText('court'),
  status: z.enum(CASE_STATUSES, { error: `status must be one of ${CASE_STATUSES.join(', ')}.` }),
  next_date: instant('next_date').nullable(),
  next_date_kind: z
    .enum(NEXT_DATE_KINDS, {
      error: `next_date_kind must be one of ${NEXT_DATE_KINDS.join(', ')}.`,
    })
    .nullable(),
  time_zone: timeZone,
  summary: text('summary', 20_000),
  sources: z.array(url('Each source'), { error: 'sources must be a list of URLs.' }).max(50),
  decision_makers: z.array(DecisionMakerSchema, { error: 'decision_makers must be a list.' }),
}

export const CaseCreateSchema = z.object({
  ...caseFields,
  status: caseFields.status.default('pending'),
  next_date: caseFields.next_date.optional(),
  next_date_kind: caseFields.next_date_kind.optional(),
  time_zone: caseFields.time_zone.default('America/New_York'),
  summary: caseFields.summary.default(''),
  sources: caseFields.sources.default([]),
  decision_makers: caseFields.decision_makers.optional(),
})

export const CaseUpdateSchema = z.object({
  person_name: caseFields.person_name.optional(),
  case_number: caseFields.case_number.optional(),
  jurisdiction: caseFields.jurisdiction.optional(),
  court: caseFields.court.optional(),
  status: caseFields.status.optional(),
  next_date: caseFields.next_date.optional(),
  next_date_kind: caseFields.next_date_kind.optional(),
  time_zone: caseFields.time_zone.optional(),
  summary: caseFields.summary.optional(),
  sources: caseFields.sources.optional(),
  decision_makers: caseFields.decision_makers.optional(),
  /** Recorded with the timeline entry a status or date change makes. */
  note: optionalText('note', 5000).optional(),
  source_url: optionalUrl('source_url').optional(),
})

/** Kinds Vigil records itself, with fields an event posted by hand cannot carry. */
export const RECORDED_EVENT_KINDS = ['created', 'status_changed', 'date_changed'] as const

export const CaseEventSchema = z.object({
  kind: z
    .string({ error: 'kind is required.' })
    .trim()
    .regex(
      /^[a-z][a-z0-9_]{0,49}$/,
      'kind must be a short snake_case word, like clemency_denied or hearing_held.',
    )
    .refine(
      (v) => !(RECORDED_EVENT_KINDS as readonly string[]).includes(v),
      'This kind is recorded by Vigil itself: change the case with PATCH instead.',
    ),
  occurred_at: instant('occurred_at').optional(),
  note: optionalText('note', 5000),
  source_url: optionalUrl('source_url'),
})

const officialFields = {
  name: requiredText('name'),
  title: optionalText('title'),
  office: optionalText('office'),
  jurisdiction: optionalText('jurisdiction'),
  email: z
    .union([z.literal(''), z.email('email must be a valid email address.').max(254)])
    .nullish()
    .transform((v) => (v ? v : null)),
  phone: optionalText('phone', 50),
  /** OpenStreetMap opening_hours syntax; the service checks it reads. */
  office_hours: optionalText('office_hours', 500),
  time_zone: z
    .union([z.literal(''), timeZone])
    .nullish()
    .transform((v) => (v ? v : null)),
}

export const OfficialCreateSchema = z.object(officialFields)

export const OfficialUpdateSchema = z.object({
  name: officialFields.name.optional(),
  title: officialFields.title.optional(),
  office: officialFields.office.optional(),
  jurisdiction: officialFields.jurisdiction.optional(),
  email: officialFields.email.optional(),
  phone: officialFields.phone.optional(),
  office_hours: officialFields.office_hours.optional(),
  time_zone: officialFields.time_zone.optional(),
})

/** A new petition is a draft or opened at once; the outcomes come later. */
export const CREATABLE_PETITION_STATUSES = ['draft', 'open'] as const satisfies PetitionStatus[]

const petitionFields = {
  title: requiredText('title'),
  body: text('body', 50_000),
  goal: z
    .number({ error: 'goal must be a number.' })
    .int('goal must be a whole number.')
    .min(1, 'goal must be at least 1.')
    .max(1_000_000_000, 'goal is too large.'),
  target_ids: z
    .array(id('Each target id'), { error: 'target_ids must be a list of ids.' })
    .max(100),
  signer_updates: z.enum(SIGNER_UPDATE_MODES, {
    error: `signer_updates must be one of ${SIGNER_UPDATE_MODES.join(', ')}.`,
  }),
  letter_digest: z.enum(LETTER_DIGEST_SCHEDULES, {
    error: `letter_digest must be ${LETTER_DIGEST_SCHEDULES.join(' or ')}.`,
  }),
  // The Spanish versions (decision 040); absent keeps one, null or empty removes it.
  title_es: text('title_es', 200).nullish(),
  body_es: text('body_es', 50_000).nullish(),
  letter_es: text('letter_es', 5_000).nullish(),
}

/** The Spanish versions of a petition's texts, as the models take them. */
export function petitionSpanish(body: {
  title_es?: string | null
  body_es?: string | null
  letter_es?: string | null
}) {
  return { titleEs: body.title_es, bodyEs: body.body_es, letterDefaultEs: body.letter_es }
}

export const PetitionCreateSchema = z.object({
  case_id: id('case_id'),
  title: petitionFields.title,
  body: petitionFields.body.default(''),
  goal: petitionFields.goal.default(1000),
  target_ids: petitionFields.target_ids.optional(),
  signer_updates: petitionFields.signer_updates.optional(),
  letter_digest: petitionFields.letter_digest.optional(),
  title_es: petitionFields.title_es,
  body_es: petitionFields.body_es,
  letter_es: petitionFields.letter_es,
  status: z
    .enum(CREATABLE_PETITION_STATUSES, {
      error: `status must be ${CREATABLE_PETITION_STATUSES.join(' or ')}.`,
    })
    .default('draft'),
})

export const PetitionUpdateSchema = z.object({
  title: petitionFields.title.optional(),
  body: petitionFields.body.optional(),
  goal: petitionFields.goal.optional(),
  target_ids: petitionFields.target_ids.optional(),
  signer_updates: petitionFields.signer_updates.optional(),
  status: z
    .enum(PETITION_STATUSES, { error: `status must be one of ${PETITION_STATUSES.join(', ')}.` })
    .optional(),
  letter_digest: petitionFields.letter_digest.optional(),
  title_es: petitionFields.title_es,
  body_es: petitionFields.body_es,
  letter_es: petitionFields.letter_es,
})

const flag = (label: string) =>
  z.boolean({ error: `${label} must be true or false.` }).default(false)

/**
 * OSDI's record_signature_helper. Only the shape is checked here; the values
 * then go through the sign form's own rules (SignatureSchema).
 */
export const RecordSignatureSchema = z.object({
  person: z.object(
    {
      given_name: z.string({ error: 'given_name must be a string.' }).max(200).optional(),
      family_name: z.string({ error: 'family_name must be a string.' }).max(200).optional(),
      email_addresses: z
        .array(
          z.object({
            address: z.string({ error: 'address must be a string.' }).max(254),
            primary: z.boolean().optional(),
          }),
          { error: 'email_addresses must be a list.' },
        )
        .min(1, 'An email address is required.')
        .max(10),
      postal_addresses: z
        .array(
          z.object({
            postal_code: z.string({ error: 'postal_code must be a string.' }).max(50).optional(),
            locality: z.string({ error: 'locality must be a string.' }).max(200).optional(),
            country: z.string({ error: 'country must be a string.' }).max(10).optional(),
          }),
          { error: 'postal_addresses must be a list.' },
        )
        .min(1, 'A postal address with a postal code is required.')
        .max(10),
    },
    { error: 'person is required.' },
  ),
  comments: z.string({ error: 'comments must be a string.' }).max(5000).nullish(),
  subscribe: flag('subscribe'),
  public: flag('public'),
  /** OSDI's referrer data: `source` is what brought the signer (decision 035). */
  referrer_data: z
    .object(
      {
        source: z
          .string({ error: 'source must be a string.' })
          .trim()
          .toLowerCase()
          .regex(
            SOURCE_PATTERN,
            'source must be 1–64 letters, digits, dots, dashes or underscores.',
          )
          .nullish(),
      },
      { error: 'referrer_data must be an object.' },
    )
    .optional(),
})

export type RecordSignature = z.infer<typeof RecordSignatureSchema>

/** The sign form's fields as OSDI names them, for error messages keyed as the body is. */
export const SIGNATURE_FIELD_PATHS: Record<string, string> = {
  name: 'person.given_name',
  email: 'person.email_addresses.0.address',
  postalCode: 'person.postal_addresses.0.postal_code',
  locality: 'person.postal_addresses.0.locality',
  country: 'person.postal_addresses.0.country',
  comment: 'comments',
  subscribe: 'subscribe',
  public: 'public',
}

/** An OSDI signature as the sign form's fields. */
export function signatureFormFields(body: RecordSignature) {
  const person = body.person
  const email =
    person.email_addresses.find((e) => e.primary)?.address ?? person.email_addresses[0]!.address
  const address = person.postal_addresses[0]!
  return {
    name: [person.given_name, person.family_name]
      .map((v) => v?.trim())
      .filter(Boolean)
      .join(' '),
    email,
    postalCode: address.postal_code ?? '',
    locality: address.locality,
    country: address.country,
    comment: body.comments ?? undefined,
    subscribe: body.subscribe,
    public: body.public,
    source: body.referrer_data?.source ?? undefined,
  }
}
