import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import type { CaseStatus, NextDateKind, PetitionStatus } from '~/domain/states'

/**
 * What a petition contributes to a mail's merge fields, read in one query
 * for any number of petitions (mail/merge-context.server.ts builds the
 * context from it).
 */

/** What a petition contributes to merge fields; the supporter is added per row. */
export interface PetitionMergeData {
  petitionId: string
  organizationId: string
  title: string
  /** The Spanish title, if the organizer wrote one (decision 040). */
  titleEs?: string | null
  slug: string
  signatureCount: number
  goal: number
  personName: string
  caseStatus: CaseStatus
  nextDate: Date | null
  timeZone: string
  officialName: string | null
  officialTitle: string | null
  organizationName: string
}

export async function getPetitionMergeData(petitionIds: string[]): Promise<PetitionMergeData[]> {
  if (petitionIds.length === 0) return []
  return db()<PetitionMergeData[]>`
    select p.id as petition_id, p.organization_id, p.title, p.title_es, p.slug, p.signature_count,
      p.goal, c.person_name, c.status as case_status, c.next_date, c.time_zone,
      o.name as official_name, o.title as official_title, org.name as organization_name
    from petitions p
    join cases c on c.id = p.case_id
    join organizations org on org.id = p.organization_id
    left join lateral (
      select f.name, f.title from petition_targets t join officials f on f.id = t.official_id
      where t.petition_id = p.id order by f.name, f.id limit 1
    ) o on true
    where p.id = any(${petitionIds}::uuid[])`
}

/** What the delivered petition shows besides the merge fields. */
export interface PetitionDelivery {
  petitionId: string
  title: string
  body: string
  slug: string
  status: PetitionStatus
  signatureCount: number
  goal: number
  personName: string
  caseNumber: string | null
  jurisdiction: string
  caseStatus: CaseStatus
  nextDate: Date | null
  nextDateKind: NextDateKind | null
  timeZone: string
}

/** The petition as it stands now: the count is read at send time. */
export async function getPetitionDelivery(petitionId: string): Promise<PetitionDelivery | null> {
  if (!isUuid(petitionId)) return null
  const [row] = await db()<PetitionDelivery[]>`
    select p.id as petition_id, p.title, p.body, p.slug, p.status, p.signature_count, p.goal,
      c.person_name, c.case_number, c.jurisdiction, c.status as case_status, c.next_date,
      c.next_date_kind, c.time_zone
    from petitions p join cases c on c.id = p.case_id
    where p.id = ${petitionId}`
  return row ?? null
}
