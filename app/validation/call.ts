import { z } from './zod'
import { CALL_OUTCOMES } from '~/domain/states'

/** A logged call, as the call page's form posts it (contract: `official_id`, `outcome`, `email`). */
export const CallLogSchema = z.object({
  official_id: z.string({ error: 'errors.call_office' }).trim().pipe(z.uuid('errors.call_office')),
  outcome: z.enum(CALL_OUTCOMES, { error: 'errors.call_outcome' }),
  email: z
    .string()
    .trim()
    .max(254, 'errors.email_too_long')
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || z.email().safeParse(v).success, {
      message: 'errors.call_email',
    }),
})
export type CallLog = z.infer<typeof CallLogSchema>
