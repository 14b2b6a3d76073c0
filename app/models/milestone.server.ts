import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { MILESTONE_PERCENTS, type MilestonePercent } from '~/domain/milestones'
import { publishedPetition } from './rules.server'

/**
 * Milestones reached, one row per petition, goal and share of it, written
 * once (decision 028). services/milestones.server.ts decides who hears.
 */

export interface ReachedMilestone {
  petitionId: string
  organizationId: string
  goal: number
  percent: MilestonePercent
  signatureCount: number
}

/**
 * Records every milestone the petitions' counts have passed for their
 * current goal and not yet recorded; returns those it recorded now (a
 * concurrent run records each once: the primary key). `announce: false`
 * records them as passed silently (a raised goal's lower shares).
 */
export async function recordReachedMilestones(
  { petitionIds, announce = true }: { petitionIds: string[]; announce?: boolean },
  sql: Sql | TransactionSql = db(),
): Promise<ReachedMilestone[]> {
  if (petitionIds.length === 0) return []
  return sql<ReachedMilestone[]>`
    insert into petition_milestones (petition_id, goal, percent, signature_count, announced)
    select p.id, p.goal, m.percent, p.signature_count, ${announce}
    from petitions p
    cross join unnest(${[...MILESTONE_PERCENTS]}::int[]) as m (percent)
    where p.id = any(${petitionIds}::uuid[]) and ${publishedPetition('p')}
      and p.signature_count * 100 >= p.goal * m.percent
    on conflict do nothing
    returning petition_id, (select organization_id from petitions where id = petition_id),
      goal, percent, signature_count`
}

/** Where an organization's organizers read their mail. */
export async function organizerAddresses(
  organizationId: string,
  sql: Sql | TransactionSql = db(),
): Promise<{ email: string; name: string | null }[]> {
  return sql<{ email: string; name: string | null }[]>`
    select u.email, u.name from memberships m join users u on u.id = m.user_id
    where m.organization_id = ${organizationId} order by u.email`
}

export interface MilestoneView {
  percent: MilestonePercent
  reachedAt: Date
}

/** The milestones a petition has reached for its current goal, highest first. */
export async function getMilestones({
  organizationId,
  petitionId,
}: {
  organizationId: string
  petitionId: string
}): Promise<MilestoneView[]> {
  return db()<MilestoneView[]>`
    select m.percent, m.reached_at from petition_milestones m
    join petitions p on p.id = m.petition_id and p.goal = m.goal
    where m.petition_id = ${petitionId} and p.organization_id = ${organizationId}
    order by m.percent desc`
}

export interface MilestoneMailContext {
  petitionId: string
  title: string
  slug: string
  goal: number
  signatureCount: number
  personName: string
  organizationName: string
}

/** What the milestone mail shows, read when it is sent. */
export async function getMilestoneMailContext(
  petitionId: string,
): Promise<MilestoneMailContext | null> {
  const [row] = await db()<MilestoneMailContext[]>`
    select p.id as petition_id, p.title, p.slug, p.goal, p.signature_count, c.person_name,
      o.name as organization_name
    from petitions p join cases c on c.id = p.case_id join organizations o on o.id = p.organization_id
    where p.id = ${petitionId}`
  return row ?? null
}
