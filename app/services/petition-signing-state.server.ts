import { getPetitionForSigning, type PetitionForSigning } from '~/models/public-petition.server'

/**
 * What a sign post needs to know of its petition (its id, organization,
 * status, letter), kept for a second per slug, in production, as the page
 * cache keeps the page (decision 045). In a surge every signer posts to the
 * same petition: one read a second serves them all instead of one each.
 *
 * A change made through this process (changePetition, a case's outcome)
 * forgets everything at once; one made by another process is seen within
 * TTL_MS, as the page itself is. A petition not found is not kept.
 * Concurrent reads of one slug share one query.
 */
const TTL_MS = 1000
const MAX_ENTRIES = 1000

interface Entry {
  petition: Promise<PetitionForSigning | null>
  expires: number
}
const entries = new Map<string, Entry>()

/** Tests and development see every change at once (as for the page cache). */
const keeps = () => process.env.NODE_ENV === 'production'

export function petitionForSigning(slug: string): Promise<PetitionForSigning | null> {
  if (!keeps()) return getPetitionForSigning(slug)
  const now = Date.now()
  const kept = entries.get(slug)
  if (kept && kept.expires > now) return kept.petition
  const petition = getPetitionForSigning(slug)
  const entry = { petition, expires: now + TTL_MS }
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!)
  entries.set(slug, entry)
  // A failed or empty read is not kept: the next signer reads again.
  const drop = () => entries.get(slug) === entry && entries.delete(slug)
  petition.then((found) => (found ? undefined : drop()), drop)
  return petition
}

/** Forgets every kept petition: one of them changed (status, letter, organization). */
export function forgetPetitionsForSigning(): void {
  entries.clear()
}
