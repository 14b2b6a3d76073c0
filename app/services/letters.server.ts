import { resendLetterDigest } from '~/models/letter-digest-delivery.server'
import { QUEUES, wake } from '~/utils/jobs.server'

/**
 * Signers' letters to officials (decision 023). Digests are built and sent
 * by the letters job; what an organizer does to them is here.
 */

/**
 * Queues a failed digest again, to the official's address as it is now,
 * and wakes the letters job. Null when the digest is not the
 * organization's, did not fail, or the official has no email address.
 */
export async function resendDigest(input: {
  organizationId: string
  petitionId: string
  digestId: string
}): Promise<{ toAddress: string } | null> {
  const resent = await resendLetterDigest(input)
  if (resent) await wake(QUEUES.lettersDigest)
  return resent
}
