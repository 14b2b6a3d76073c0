import { z } from './zod'
import { AUDIT_ACTIONS } from '~/domain/audit'

const day = z
  .string()
  .trim()
  .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'Enter a date as YYYY-MM-DD.')
  .refine((v) => v === '' || !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'Enter a real date.')

/** The audit log page's filters (a GET form): each empty for "any". */
export const AuditFilterSchema = z
  .object({
    action: z.union([z.literal(''), z.enum(AUDIT_ACTIONS)], {
      error: 'Choose an action from the list.',
    }),
    actor: z.union([z.literal(''), z.uuid()], { error: 'Choose a person from the list.' }),
    from: day,
    to: day,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: 'The end date must not be before the start date.',
    path: ['to'],
  })
