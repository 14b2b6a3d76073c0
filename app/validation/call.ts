import { z } from 'zod'
import { CALL_OUTCOMES } from '~/domain/states'

/** A logged call, as the call page's form posts it (contract: `official_id`, `outcome`, `email`). */
export const CallLogSchema = z.object({
  official_id: z
    .string({ error: 'Choose the office you called.' })
    .trim()
    .pipe(z.uuid('Choose the office you called.')),
  outcome: z.enum(CALL_OUTCOMES, { error: 'Say how the call went.' }),
  email: z
    .string()
    .trim()
    .max(254, 'That email address is too long.')
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || z.email().safeParse(v).success, {
      message: 'Enter a valid email address, like name@example.com, or leave it empty.',
    }),
})
export type CallLog = z.infer<typeof CallLogSchema>
