import { confirmSignature, resendConfirmation } from '~/models/confirmation.server'
import { signPetition, type SignOutcome } from '~/models/signature.server'
import type { PetitionForSigning } from '~/models/public-petition.server'
import { READ_RETRY_MS, retryOnConnectionLoss } from '~/utils/db.server'
import { QUEUES, wake } from '~/utils/jobs.server'
import { DEFAULT_LANGUAGE, type Language } from '~/utils/i18n'
import { localizedOptional } from '~/domain/content-language'
import { metrics } from '~/utils/metrics.server'
import { subscribeConsentText } from '~/validation/signature-fields'
import type { SignatureInput } from '~/validation/signature'

/**
 * Signing, as the sign form and the API's record-signature helper both do
 * it (decision 008, double opt-in): the signature and its confirmation
 * mail in one statement, the letter defaulted from the petition, the
 * consent text recorded with a subscription, the mail job woken after the
 * commit. PetitionNotOpenError for a petition that takes no signatures.
 */
export async function sign({
  petition,
  input,
  ip,
  userAgent,
  hold = false,
  language = DEFAULT_LANGUAGE,
}: {
  petition: PetitionForSigning
  input: SignatureInput
  ip: string | null
  userAgent: string | null
  /** Held for review whatever the limits say (a honeypot was filled). */
  hold?: boolean
  /** The language of the page they signed on: their mail follows it. */
  language?: Language
}): Promise<SignOutcome> {
  // The letter they were shown: the Spanish one on a Spanish page, where there is one.
  const letter = localizedOptional(petition.letterDefault, petition.letterDefaultEs, language)
  // A database restarted or a connection cut under the signer is waited
  // out (up to 30 s), not answered with an error: run again, a signature
  // whose commit was lost with its connection is found as a repeat and
  // stored once.
  const outcome = await retryOnConnectionLoss(
    () =>
      signPetition({
        ...input,
        letter: letter ? (input.letter ?? letter.text) : undefined,
        petitionId: petition.id,
        organizationId: petition.organizationId,
        petitionStatus: petition.status,
        consentText: subscribeConsentText(petition.organizationName, language),
        // Consent per organization (decision 043): only the petition's active partners.
        partnerConsents: petition.partners
          .filter((p) => input.subscribe_partner.includes(p.id))
          .map((p) => ({
            organizationId: p.id,
            consentText: subscribeConsentText(p.name, language),
          })),
        language,
        ip,
        userAgent,
        hold,
      }),
    { forMs: READ_RETRY_MS },
  )
  metrics().signaturesReceived.inc({ outcome })
  // A new signature queued its confirmation; a repeat may have queued a
  // reminder. The wake (coalesced: one per batch of signers, decision 045)
  // starts after this commit; the signer's answer does not wait for it.
  void wake(QUEUES.mailOutbound)
  return outcome
}

/**
 * Confirms the signature behind a link (idempotent); a signature that now
 * counts moves the count within seconds and is announced to the
 * organization's webhooks (signature.confirmed). Null for an unknown token.
 */
export async function confirm(
  token: string,
): Promise<{ result: 'confirmed' | 'expired'; petitionSlug: string } | null> {
  const outcome = await confirmSignature(token)
  if (outcome?.counted) metrics().signaturesConfirmed.inc()
  if (outcome?.counted) await wake(QUEUES.countsRollup)
  if (outcome?.announced) await wake(QUEUES.webhookDelivery)
  return outcome && { result: outcome.result, petitionSlug: outcome.petitionSlug }
}

/** A fresh confirmation link for an unconfirmed signature (at most every few minutes). */
export async function resendConfirmationLink(signatureId: string): Promise<boolean> {
  const queued = await resendConfirmation({ signatureId })
  if (queued) await wake(QUEUES.mailOutbound)
  return queued
}
