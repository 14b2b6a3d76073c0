import { activePartnersJson } from './partner.server'
import { db, READ_RETRY_MS, retryOnConnectionLoss } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import type { PetitionStatus } from '~/domain/states'
import {
  CALL_COUNT,
  hydrate,
  publicPetitionQuery,
  type PetitionListItem,
  type PublicPetition,
} from './petition.server'
import { countedSignature, publishedPetition } from './rules.server'

/**
 * Petitions as the public sees them: published only (publishedPetition),
 * the home page's list by deadline, a petition page's data and its latest
 * public signers, and what the sign action needs.
 */

/**
 * Open petitions, the most urgent deadline first: upcoming dates soonest
 * first, then petitions whose case has no date, then dates already past.
 */
export async function listOpenPetitions({
  limit = 50,
  offset = 0,
}: { limit?: number; offset?: number } = {}): Promise<PetitionListItem[]> {
  const sql = db()
  return sql<PetitionListItem[]>`
    select p.id, p.slug, p.title, p.title_es, p.goal, p.signature_count,
      ${sql.unsafe(CALL_COUNT)} as call_count,
      p.status, p.case_id, c.slug as case_slug, c.person_name, c.jurisdiction, c.status as case_status,
      c.next_date, c.next_date_kind, c.time_zone
    from petitions p join cases c on c.id = p.case_id
    where p.status = 'open'
    order by
      case when c.next_date >= now() then 0 when c.next_date is null then 1 else 2 end,
      case when c.next_date >= now() then c.next_date end asc,
      c.next_date desc,
      p.created_at desc
    limit ${limit} offset ${offset}`
}

export async function countOpenPetitions(): Promise<number> {
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from petitions where status = 'open'`
  return row!.n
}

/** A published petition as the public sees it; null for a draft, as for one that does not exist. */
export async function getPublicPetitionBySlug(slug: string): Promise<PublicPetition | null> {
  const sql = db()
  const [row] = await publicPetitionQuery(sql, sql`p.slug = ${slug} and ${publishedPetition('p')}`)
  return hydrate(row)
}

/** The same, by id (the API's public petition). */
export async function getPublicPetitionById(id: string): Promise<PublicPetition | null> {
  const sql = db()
  if (!isUuid(id)) return null
  const [row] = await publicPetitionQuery(sql, sql`p.id = ${id} and ${publishedPetition('p')}`)
  return hydrate(row)
}

export { isUuid }

export interface PublicSigner {
  name: string
  locality: string | null
  signedAt: Date
}

/** First name and last initial only; never an email. */
export function publicName(fullName: string): string {
  const parts = fullName.trim().split(/\s+/)
  const first = parts[0] ?? ''
  const last = parts.length > 1 ? parts[parts.length - 1]! : ''
  return last ? `${first} ${last[0]!.toUpperCase()}.` : first
}

export async function latestPublicSigners({
  petitionId,
  limit = 10,
}: {
  petitionId: string
  limit?: number
}): Promise<PublicSigner[]> {
  const rows = await db()<{ name: string; locality: string | null; confirmedAt: Date }[]>`
    select name, locality, confirmed_at from signatures
    where petition_id = ${petitionId} and public and ${countedSignature('signatures')}
    order by confirmed_at desc
    limit ${limit}`
  return rows.map((r) => ({
    name: publicName(r.name),
    locality: r.locality,
    signedAt: r.confirmedAt,
  }))
}

export interface PetitionForSigning {
  id: string
  organizationId: string
  organizationName: string
  slug: string
  title: string
  status: PetitionStatus
  letterDefault: string | null
  letterDefaultEs: string | null
  /** The active partners, whose consent boxes the form offers (decision 043). */
  partners: { id: string; name: string }[]
}

/**
 * Just what the sign action needs, in one indexed lookup. Drafts too: a
 * post to a draft is answered 409 "not published yet", not 404.
 */
export async function getPetitionForSigning(slug: string): Promise<PetitionForSigning | null> {
  // Signing rides out a database restart (services/signing.server.ts): so does this read.
  const [row] = await retryOnConnectionLoss(
    () => db()<PetitionForSigning[]>`
    select p.id, p.organization_id, o.name as organization_name, p.slug, p.title, p.status,
      p.letter_default, p.letter_default_es, ${activePartnersJson(db())} as partners
      from petitions p join organizations o on o.id = p.organization_id
      where p.slug = ${slug}`,
    { forMs: READ_RETRY_MS },
  )
  return row ?? null
}

/** The same, by id (the API's public record_signature helper). */
export async function getPetitionForSigningById(id: string): Promise<PetitionForSigning | null> {
  if (!isUuid(id)) return null
  const [row] = await retryOnConnectionLoss(
    () => db()<PetitionForSigning[]>`
      select p.id, p.organization_id, o.name as organization_name, p.slug, p.title, p.status,
        p.letter_default, p.letter_default_es, ${activePartnersJson(db())} as partners
      from petitions p join organizations o on o.id = p.organization_id
      where p.id = ${id}`,
    { forMs: READ_RETRY_MS },
  )
  return row ?? null
}

/** A case's published petitions, for its public page. */
export async function listPetitionsForCase({ caseId }: { caseId: string }) {
  return db()<
    {
      id: string
      slug: string
      title: string
      titleEs: string | null
      status: PetitionStatus
      signatureCount: number
    }[]
  >`
    select p.id, p.slug, p.title, p.title_es, p.status, p.signature_count from petitions p
    where p.case_id = ${caseId} and ${publishedPetition('p')}
    order by p.created_at desc`
}
