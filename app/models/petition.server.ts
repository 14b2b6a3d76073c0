import { activePartnersJson } from './partner.server'
import { DomainError, NOT_VALID } from '~/domain/errors'
import { db, inTransaction, matchesSearch, type Sql, type TransactionSql } from '~/utils/db.server'
import { randomSuffix, slugify } from '~/utils/slug'
import { isUuid } from '~/utils/uuid'
import { UnknownOfficialsError } from './official.server'
import { SPANISH_PETITION_COLUMNS, type SpanishPetitionText } from '~/domain/content-language'
import {
  canChangePetitionStatus,
  type CaseStatus,
  type LetterDigestSchedule,
  type NextDateKind,
  type OfficialRole,
  type PetitionStatus,
  type SignerUpdateMode,
} from '~/domain/states'

export interface PetitionRow extends Required<SpanishPetitionText> {
  id: string
  organizationId: string
  caseId: string
  slug: string
  title: string
  body: string
  goal: number
  status: PetitionStatus
  letterDefault: string | null
  letterDigest: LetterDigestSchedule
  /** What a change in the case's outcome does: see SIGNER_UPDATE_MODES. */
  signerUpdates: SignerUpdateMode
  signatureCount: number
  createdAt: Date
  updatedAt: Date
}

/** A petition with its case, its targets and its organization (the public page, the dashboard). */
export interface PublicPetition extends PetitionRow {
  organizationName: string
  /** The organization's privacy notice (Markdown; null: Vigil's default, domain/privacy.ts). */
  privacyNotice: string | null
  /** Calls logged to its targets, held ones left out (models/call.server.ts). */
  callCount: number
  partners: { id: string; name: string }[] // active partner organizations (decision 043)
  case: {
    id: string
    slug: string
    personName: string
    caseNumber: string | null
    jurisdiction: string
    status: CaseStatus
    nextDate: Date | null
    nextDateKind: NextDateKind | null
    timeZone: string
  }
  targets: {
    id: string
    name: string
    title: string | null
    office: string | null
    role: OfficialRole | null
    /** Whether the office has a phone on file: the call page lists it. */
    callable: boolean
  }[]
}

/** Counted calls to a petition `p` (models/call.server.ts), from the rows. */
export const CALL_COUNT = `(select count(*)::int from calls k where k.petition_id = p.id and not k.held)`

export function publicPetitionQuery(sql: Sql, where: ReturnType<Sql['unsafe']> | ReturnType<Sql>) {
  return sql<PublicPetition[]>`
    select ${sql.unsafe(PETITION_COLUMNS)}, o.name as organization_name,
      o.privacy_notice, ${sql.unsafe(CALL_COUNT)} as call_count, ${activePartnersJson(sql)} as partners,
      json_build_object(
        'id', c.id, 'slug', c.slug, 'personName', c.person_name, 'caseNumber', c.case_number,
        'jurisdiction', c.jurisdiction, 'status', c.status, 'nextDate', c.next_date,
        'nextDateKind', c.next_date_kind, 'timeZone', c.time_zone) as case,
      coalesce((
        select json_agg(json_build_object('id', t.id, 'name', t.name, 'title', t.title,
          'office', t.office, 'role', co.role, 'callable', t.phone is not null) order by t.name)
        from petition_targets pt
        join officials t on t.id = pt.official_id
        left join case_officials co on co.case_id = p.case_id and co.official_id = t.id
        where pt.petition_id = p.id), '[]') as targets
    from petitions p
    join cases c on c.id = p.case_id
    join organizations o on o.id = p.organization_id
    where ${where}`
}

export function hydrate(row: PublicPetition | undefined): PublicPetition | null {
  if (!row) return null
  const nextDate = row.case.nextDate as unknown as string | null
  return { ...row, case: { ...row.case, nextDate: nextDate ? new Date(nextDate) : null } }
}

export interface PetitionListItem {
  id: string
  slug: string
  title: string
  /** Where the list is public (the home page): the Spanish title, if any. */
  titleEs?: string | null
  goal: number
  signatureCount: number
  callCount: number
  status: PetitionStatus
  caseId: string
  caseSlug: string
  personName: string
  jurisdiction: string
  caseStatus: CaseStatus
  nextDate: Date | null
  nextDateKind: NextDateKind | null
  timeZone: string
}

export const PETITION_COLUMNS = `p.id, p.organization_id, p.case_id, p.slug, p.title, p.body, p.goal, p.status,
  p.letter_default, p.letter_digest, p.signer_updates, p.signature_count, p.created_at,
  p.updated_at, p.title_es, p.body_es, p.letter_default_es`

export interface NewPetition extends SpanishPetitionText {
  organizationId: string
  caseId: string
  title: string
  body?: string
  goal?: number
  status?: PetitionStatus
  letterDefault?: string | null
  letterDigest?: LetterDigestSchedule
  createdBy?: string | null // the organizer creating it (replies to its letters go to them)
  signerUpdates?: SignerUpdateMode
  /** The officials it is delivered to; none given: the case's decision makers. */
  targetIds?: string[]
}

/** The case named is not the organization's (or does not exist). */
export class UnknownCaseError extends DomainError {
  constructor(public caseId: string) {
    super(
      'invalid',
      NOT_VALID,
      { case_id: ['No such case.'] },
      { caseId: ['Choose one of your cases.'] },
    )
  }
}

/** A status change the petition's lifecycle does not allow (see states.ts). */
export class PetitionStatusChangeError extends DomainError {
  constructor(
    public from: PetitionStatus,
    public to: PetitionStatus,
  ) {
    const message = `A ${from} petition cannot become ${to}.`
    super('conflict', message, { status: [message] })
  }
}

/**
 * Replaces a petition's targets with the given officials, or with the case's
 * decision makers when none are given. Throws UnknownOfficialsError for an
 * official that is not the organization's.
 */
async function replaceTargets(
  tx: TransactionSql,
  {
    organizationId,
    petitionId,
    caseId,
    targetIds,
  }: { organizationId: string; petitionId: string; caseId: string; targetIds?: string[] },
) {
  await tx`delete from petition_targets where petition_id = ${petitionId}`
  if (!targetIds || targetIds.length === 0) {
    await tx`
      insert into petition_targets (petition_id, official_id)
      select ${petitionId}, official_id from case_officials where case_id = ${caseId}
      on conflict do nothing`
    return
  }
  const ids = [...new Set(targetIds)]
  const valid = ids.filter(isUuid)
  const found = valid.length
    ? await tx<{ id: string }[]>`
        select id from officials where organization_id = ${organizationId} and id in ${tx(valid)}`
    : []
  const known = new Set(found.map((r) => r.id))
  const unknown = ids.filter((id) => !known.has(id))
  if (unknown.length) throw new UnknownOfficialsError(unknown)
  await tx`
    insert into petition_targets (petition_id, official_id)
    select ${petitionId}, unnest(${valid}::uuid[])
    on conflict do nothing`
}

/**
 * Creates a petition for one of the organization's cases: UnknownCaseError
 * for another organization's case, UnknownOfficialsError for a target that
 * is not the organization's. Without targets it goes to the case's
 * decision makers.
 */
export async function createPetition(
  input: NewPetition,
  sql: Sql | TransactionSql = db(),
): Promise<PetitionRow> {
  if (!isUuid(input.caseId)) throw new UnknownCaseError(input.caseId)
  return inTransaction(sql, async (tx) => {
    const [kase] = await tx<{ id: string }[]>`
      select id from cases where id = ${input.caseId} and organization_id = ${input.organizationId}`
    if (!kase) throw new UnknownCaseError(input.caseId)
    const slug = `${slugify(input.title)}-${randomSuffix()}`
    const [row] = await tx<PetitionRow[]>`
      insert into petitions (organization_id, case_id, slug, title, body, goal, status,
        letter_default, letter_digest, signer_updates, created_by, opened_at,
        title_es, body_es, letter_default_es)
      values (${input.organizationId}, ${input.caseId}, ${slug}, ${input.title}, ${input.body ?? ''},
        ${input.goal ?? 1000}, ${input.status ?? 'draft'}, ${input.letterDefault ?? null},
        ${input.letterDigest ?? 'daily'}, ${input.signerUpdates ?? 'offer'},
        ${input.createdBy ?? null}, ${input.status === 'open' ? new Date() : null},
        ${input.titleEs || null}, ${input.bodyEs || null}, ${input.letterDefaultEs || null})
      returning ${tx.unsafe(PETITION_COLUMNS.replace(/p\./g, ''))}`
    await replaceTargets(tx, {
      organizationId: input.organizationId,
      petitionId: row!.id,
      caseId: input.caseId,
      targetIds: input.targetIds,
    })
    return row!
  })
}

export async function setPetitionStatus(
  {
    petitionId,
    status,
  }: {
    petitionId: string
    status: PetitionStatus
  },
  sql: Sql | TransactionSql = db(),
): Promise<void> {
  await sql`
    update petitions set status = ${status}, updated_at = now(),
      opened_at = case when ${status} = 'open' then coalesce(opened_at, now()) else opened_at end,
      closed_at = case when ${status} in ('closed', 'won', 'lost') then now() else null end
    where id = ${petitionId}`
}

/** One of the organization's petitions, drafts included; null for anyone else's. */
export async function getPetitionForOrganization({
  organizationId,
  petitionId,
}: {
  organizationId: string
  petitionId: string
}): Promise<PublicPetition | null> {
  if (!isUuid(petitionId)) return null
  const sql = db()
  const [row] = await publicPetitionQuery(
    sql,
    sql`p.id = ${petitionId} and p.organization_id = ${organizationId}`,
  )
  return hydrate(row)
}

function petitionFilter(
  sql: Sql,
  { q, status, caseId }: { q?: string; status?: PetitionStatus; caseId?: string },
) {
  return sql`
    ${matchesSearch(sql, q, ['p.title', 'c.person_name'])}
    ${status ? sql`and p.status = ${status}` : sql``}
    ${caseId ? sql`and p.case_id = ${caseId}` : sql``}`
}

/**
 * The organization's petitions, all statuses, the most urgent deadline first
 * (as on the home page); `q` matches the title and the person's name.
 */
export async function listPetitionsForOrganization({
  organizationId,
  limit = 25,
  offset = 0,
  q,
  status,
  caseId,
}: {
  organizationId: string
  limit?: number
  offset?: number
  q?: string
  status?: PetitionStatus
  caseId?: string
}): Promise<PetitionListItem[]> {
  const sql = db()
  if (caseId && !isUuid(caseId)) return []
  return sql<PetitionListItem[]>`
    select p.id, p.slug, p.title, p.goal, p.signature_count, ${sql.unsafe(CALL_COUNT)} as call_count,
      p.status, p.case_id, c.slug as case_slug, c.person_name, c.jurisdiction, c.status as case_status,
      c.next_date, c.next_date_kind, c.time_zone
    from petitions p join cases c on c.id = p.case_id
    where p.organization_id = ${organizationId} ${petitionFilter(sql, { q, status, caseId })}
    order by
      case when c.next_date >= now() then 0 when c.next_date is null then 1 else 2 end,
      case when c.next_date >= now() then c.next_date end asc,
      c.next_date desc,
      p.created_at desc, p.id
    limit ${limit} offset ${offset}`
}

export async function countPetitionsForOrganization({
  organizationId,
  q,
  status,
  caseId,
}: {
  organizationId: string
  q?: string
  status?: PetitionStatus
  caseId?: string
}): Promise<number> {
  const sql = db()
  if (caseId && !isUuid(caseId)) return 0
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n
    from petitions p join cases c on c.id = p.case_id
    where p.organization_id = ${organizationId} ${petitionFilter(sql, { q, status, caseId })}`
  return row!.n
}

export interface PetitionChanges extends SpanishPetitionText {
  title?: string
  body?: string
  goal?: number
  status?: PetitionStatus
  letterDefault?: string | null
  letterDigest?: LetterDigestSchedule
  signerUpdates?: SignerUpdateMode
  /** Replaces the targets; an empty list: the case's decision makers. */
  targetIds?: string[]
}

/**
 * Changes one of the organization's petitions: its text, goal, targets and
 * status (opening, closing, reopening, an outcome; the allowed moves are in
 * states.ts). Null when it is not theirs; PetitionStatusChangeError for a
 * move the lifecycle forbids; UnknownOfficialsError for a foreign target.
 */
export async function updatePetition({
  organizationId,
  petitionId,
  changes,
}: {
  organizationId: string
  petitionId: string
  changes: PetitionChanges
}): Promise<PublicPetition | null> {
  if (!isUuid(petitionId)) return null
  const updated = await db().begin(async (tx) => {
    const [before] = await tx<{ id: string; caseId: string; status: PetitionStatus }[]>`
      select id, case_id, status from petitions
      where id = ${petitionId} and organization_id = ${organizationId}
      for update`
    if (!before) return false
    const set: Record<string, unknown> = {}
    if (changes.title !== undefined) set.title = changes.title
    if (changes.body !== undefined) set.body = changes.body
    if (changes.goal !== undefined) set.goal = changes.goal
    if (changes.letterDefault !== undefined) set.letter_default = changes.letterDefault
    if (changes.letterDigest !== undefined) set.letter_digest = changes.letterDigest
    if (changes.signerUpdates !== undefined) set.signer_updates = changes.signerUpdates
    for (const [key, column] of SPANISH_PETITION_COLUMNS)
      if (changes[key] !== undefined) set[column] = changes[key] || null
    if (changes.status !== undefined && changes.status !== before.status) {
      if (!canChangePetitionStatus(before.status, changes.status))
        throw new PetitionStatusChangeError(before.status, changes.status)
      set.status = changes.status
    }
    if (Object.keys(set).length > 0) {
      set.updated_at = new Date()
      await tx`update petitions set ${tx(set)} where id = ${petitionId}`
      if (set.status) {
        await tx`
          update petitions set
            opened_at = case when status = 'open' then coalesce(opened_at, now()) else opened_at end,
            closed_at = case when status in ('closed', 'won', 'lost') then now() else null end
          where id = ${petitionId}`
      }
    }
    if (changes.targetIds !== undefined) {
      await replaceTargets(tx, {
        organizationId,
        petitionId,
        caseId: before.caseId,
        targetIds: changes.targetIds,
      })
    }
    return true
  })
  return updated ? getPetitionForOrganization({ organizationId, petitionId }) : null
}
