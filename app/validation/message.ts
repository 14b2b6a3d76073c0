import { z } from 'zod'

/** The JSON API's bodies for campaigns to signers (snake_case, as the contract names them). */

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
})

export const MessageSendSchema = z
  .object({
    scheduled_at: z
      .string({ error: 'scheduled_at must be an ISO 8601 time with an offset.' })
      .pipe(
        z.iso.datetime({
          offset: true,
          error:
            'scheduled_at must be an ISO 8601 time with an offset, like 2026-12-03T18:00:00-06:00.',
        }),
      )
      .transform((v) => new Date(v))
      .nullish(),
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
