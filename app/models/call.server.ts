import { DomainError, NOT_VALID } from '~/domain/errors'
import type { CallOutcome, OfficialRole } from '~/domain/states'
import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import { signLimits } from './signature.server'

/**
 * Calls to the offices a petition targets, as callers log them on the call
 * page. A call from an address that has logged the per-address limit's
 * worth within the hour (the signatures' limit, VIGIL_SIGN_LIMIT_PER_IP),
 * or from an address the organization blocked, is held: kept, answered
 * like any other, never counted; an allowed address has no limit, as for
 * signatures. Counts are read from the rows.
 */

/** Calls from one address to one petition within an hour before new ones are held. */
export function callLimitPerIp(): number {
  return signLimits().perIp
}

/** The office named is not one this petition targets. */
export class NotACallTargetError extends DomainError {
  constructor() {
    const message = 'Choose one of the offices listed on this page.'
    super('invalid', NOT_VALID, { official_id: [message] })
  }
}

/**
 * Records a call in one statement: the per-address limit is counted from
 * the rows (bounded, like the sign statement's), and the office must be one
 * of the petition's targets (NotACallTargetError). Returns whether it was held.
 */
export async function recordCall(input: {
  petitionId: string
  officialId: string
  outcome: CallOutcome
  email: string | null
  ip: string | null
}): Promise<{ held: boolean }> {
  if (!isUuid(input.officialId)) throw new NotACallTargetError()
  const limit = callLimitPerIp()
  const [row] = await db()<{ held: boolean }[]>`
    with listed as (
      select coalesce(bool_or(r.kind = 'block'), false) as blocked,
        coalesce(bool_or(r.kind = 'allow'), false) as allowed
      from abuse_rules r join petitions p on p.organization_id = r.organization_id
      where p.id = ${input.petitionId} and r.cidr is not null and ${input.ip}::inet <<= r.cidr
    ), recent as (
      -- Bounded, like the sign statement's: at most the limit's worth of index entries.
      select count(*)::int as n from (
        select 1 from calls
        where petition_id = ${input.petitionId} and ip = ${input.ip} and not held
          and created_at > now() - interval '1 hour'
        order by petition_id, ip, created_at desc
        limit ${limit}
      ) r
    )
    insert into calls (petition_id, official_id, outcome, email, ip, held)
    select t.petition_id, t.official_id, ${input.outcome}, ${input.email}, ${input.ip},
      listed.blocked or (not listed.allowed and (select n from recent) >= ${limit})
    from petition_targets t cross join listed
    where t.petition_id = ${input.petitionId} and t.official_id = ${input.officialId}
    returning held`
  if (!row) throw new NotACallTargetError()
  return row
}

export interface CallTarget {
  id: string
  name: string
  title: string | null
  office: string | null
  jurisdiction: string | null
  phone: string | null
  officeHours: string | null
  timeZone: string | null
  /** The official's role on the petition's case, when they are one of its decision makers. */
  role: OfficialRole | null
}

/** A petition's targets, for the call page: those with a phone first, then by name. */
export async function listCallTargets(petitionId: string): Promise<CallTarget[]> {
  return db()<CallTarget[]>`
    select o.id, o.name, o.title, o.office, o.jurisdiction, o.phone, o.office_hours,
      o.time_zone, co.role
    from petition_targets t
    join petitions p on p.id = t.petition_id
    join officials o on o.id = t.official_id
    left join case_officials co on co.case_id = p.case_id and co.official_id = o.id
    where t.petition_id = ${petitionId}
    order by (o.phone is null), o.name, o.id`
}

/** Counted calls to a petition's targets (held ones left out). */
export async function countCalls(petitionId: string): Promise<number> {
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from calls where petition_id = ${petitionId} and not held`
  return row!.n
}

export interface CallsByOfficial {
  officialId: string
  name: string
  outcome: CallOutcome
  n: number
}

/** A petition's counted calls by office and outcome (the organization's own petitions only). */
export async function callsByOfficial({
  organizationId,
  petitionId,
}: {
  organizationId: string
  petitionId: string
}): Promise<CallsByOfficial[]> {
  if (!isUuid(petitionId)) return []
  return db()<CallsByOfficial[]>`
    select o.id as official_id, o.name, k.outcome, count(*)::int as n
    from calls k
    join petitions p on p.id = k.petition_id
    join officials o on o.id = k.official_id
    where k.petition_id = ${petitionId} and p.organization_id = ${organizationId} and not k.held
    group by o.id, o.name, k.outcome
    order by o.name, o.id, k.outcome`
}

export interface CallsByHour {
  hour: Date
  outcome: CallOutcome
  n: number
}

/** Counted calls by hour (UTC hours; the page shows them in the case's zone) since `since`. */
export async function callsByHour({
  organizationId,
  petitionId,
  since,
}: {
  organizationId: string
  petitionId: string
  since: Date
}): Promise<CallsByHour[]> {
  if (!isUuid(petitionId)) return []
  return db()<CallsByHour[]>`
    select date_trunc('hour', k.created_at, 'UTC') as hour, k.outcome, count(*)::int as n
    from calls k join petitions p on p.id = k.petition_id
    where k.petition_id = ${petitionId} and p.organization_id = ${organizationId}
      and not k.held and k.created_at >= ${since}
    group by 1, 2
    order by 1 desc, 2`
}

/** Calls held by the per-address limit, for the dashboard to say so. */
export async function countHeldCalls({
  organizationId,
  petitionId,
}: {
  organizationId: string
  petitionId: string
}): Promise<number> {
  if (!isUuid(petitionId)) return 0
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from calls k join petitions p on p.id = k.petition_id
    where k.petition_id = ${petitionId} and p.organization_id = ${organizationId} and k.held`
  return row!.n
}
