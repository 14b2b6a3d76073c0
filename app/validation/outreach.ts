import { z } from './zod'
import { instant, LOCAL_DATE_TIME } from './time'

/** Outreach to officials: the JSON API's body (snake_case) and the dashboard's form. */

const subject = z
  .string({ error: 'subject must be a string.' })
  .trim()
  .min(1, 'subject is required.')
  .max(300, 'subject must be at most 300 characters.')

const body = z
  .string({ error: 'body must be a string.' })
  .trim()
  .min(1, 'body is required.')
  .max(100_000, 'body must be at most 100,000 characters.')

export const OutreachCreateSchema = z.object({
  petition_id: z
    .string({ error: 'petition_id is required.' })
    .min(1, 'petition_id is required.')
    .max(100),
  target_ids: z
    .array(z.string({ error: 'target_ids must be official ids.' }).min(1).max(100), {
      error: 'target_ids must be a list of official ids.',
    })
    .min(1, 'target_ids needs at least one official.')
    .max(50, 'target_ids may name at most 50 officials.'),
  subject,
  body,
  scheduled_at: instant('scheduled_at').nullish(),
  attach_signers: z.boolean({ error: 'attach_signers must be true or false.' }).default(false),
  attach_packet: z.boolean({ error: 'attach_packet must be true or false.' }).default(false),
})

/** The dashboard's form, as a browser without JavaScript posts it. */
export const OutreachFormSchema = z
  .object({
    intent: z.enum(['preview', 'test', 'send']).default('send'),
    petitionId: z.string().min(1, 'Choose a petition.'),
    targetIds: z.array(z.string()).min(1, 'Choose at least one official.').max(50),
    subject: z
      .string()
      .trim()
      .min(1, 'Please enter a subject.')
      .max(300, 'The subject must be at most 300 characters.'),
    body: z
      .string()
      .trim()
      .min(1, 'Please write the letter.')
      .max(100_000, 'The letter must be at most 100,000 characters.'),
    attachSigners: z
      .string()
      .optional()
      .transform((v) => v === 'on'),
    attachPacket: z
      .string()
      .optional()
      .transform((v) => v === 'on'),
    when: z.enum(['now', 'later'], { error: 'Choose when to send.' }).default('now'),
    scheduledAt: z.string().trim().optional().default(''),
  })
  .refine((v) => v.when === 'now' || LOCAL_DATE_TIME.test(v.scheduledAt), {
    message: 'Enter the date and time to send.',
    path: ['scheduledAt'],
  })

export type OutreachFormInput = z.infer<typeof OutreachFormSchema>
