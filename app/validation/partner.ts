import { z } from './zod'

/** The dashboard's partner forms (decision 043). */

/** Inviting an organization onto a petition: its slug or id on this Vigil. */
export const PartnerInviteSchema = z.object({
  partner: z.string().trim().min(1, 'Name the organization by its slug or id.').max(200),
})

/** Ending a partner on the lead's side. */
export const PartnerEndSchema = z.object({ partnerId: z.uuid() })

/** The partner's side: accept or decline an invitation, or end the partnership. */
export const PartnerAnswerSchema = z.object({
  intent: z.enum(['accept', 'decline', 'end']),
  petitionId: z.uuid(),
})
