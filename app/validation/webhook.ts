import { z } from './zod'
import { WEBHOOK_EVENT_TYPES } from '~/domain/states'

/**
 * Webhook subscriptions: the JSON API's body and the dashboard's form. The
 * URL's shape is checked here; where it may point (no private networks)
 * is the service's check, at creation and again at each delivery.
 */

const url = z
  .string({ error: 'url is required.' })
  .trim()
  .min(1, 'url is required.')
  .max(2000, 'url is too long.')
  .refine((v) => /^https?:\/\/\S+$/i.test(v) && URL.canParse(v), {
    message: 'url must be a full http(s) URL, like https://example.org/hooks/vigil.',
  })
  .meta({ format: 'uri' })

const event = z.enum(WEBHOOK_EVENT_TYPES, {
  error: `Each event must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
})

export const WebhookCreateSchema = z.object({
  url,
  events: z
    .array(event, { error: 'events must be a list of event names.' })
    .min(1, 'events needs at least one event.')
    .max(WEBHOOK_EVENT_TYPES.length)
    .transform((events) => [...new Set(events)]),
})

/** The dashboard's form: events as repeated checkboxes. */
export const WebhookFormSchema = z.object({
  url,
  events: z
    .array(z.string())
    .transform((values) =>
      values.filter((v) => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(v)),
    )
    .pipe(z.array(event).min(1, 'Choose at least one event.'))
    .transform((events) => [...new Set(events)]),
})
