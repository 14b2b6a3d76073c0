import { z } from './zod'

/** What a mail relay reports to POST /hooks/mail-events. */
export const MailEventsSchema = z.object({
  events: z
    .array(
      z.object({
        type: z.enum(['bounce', 'complaint'], { error: 'type must be bounce or complaint.' }),
        email: z.email('email must be a valid email address.').max(254),
        organization_id: z.string().max(100).nullish(),
        detail: z.string().max(2000).nullish(),
      }),
      { error: 'events must be a list.' },
    )
    .min(1, 'events needs at least one event.')
    .max(1000, 'At most 1,000 events at a time.'),
})
