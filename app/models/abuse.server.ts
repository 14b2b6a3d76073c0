import { DomainError } from '~/domain/errors'
import { isPublicMailDomain } from '~/domain/abuse'
import type { AbuseRuleKind } from '~/domain/states'
import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'

/**
 * An organization's abuse lists (decision 026) and what its petitions'
 * dashboard pages show of unusual signing. The lists are read by the sign
 * statement itself (signature.server.ts: a blocked signer is held, an
 * allowed address skips the per-address limit, an allowed domain the
 * per-domain one) and by "release all" (moderation.server.ts), which
 * leaves blocked signers held.
 */

export type AbuseTarget = { cidr: string } | { domain: string }

export interface AbuseRule {
  id: string
  kind: AbuseRuleKind
  /** An address or a CIDR range, as entered (e.g. `203.0.113.0/24`); null for a domain. */
  cidr: string | null
  domain: string | null
  note: string | null
  createdAt: Date
  createdByEmail: string | null
}

export class AbuseRuleExistsError extends DomainError {
  constructor() {
    super(
      'invalid',
      'This is on the list already.',
      {},
      { value: ['This is on the list already.'] },
    )
  }
}

export async function listAbuseRules({
  organizationId,
}: {
  organizationId: string
}): Promise<AbuseRule[]> {
  return db()<AbuseRule[]>`
    select r.id, r.kind, r.cidr::text as cidr, r.domain, r.note, r.created_at,
      u.email as created_by_email
    from abuse_rules r left join users u on u.id = r.created_by
    where r.organization_id = ${organizationId}
    order by r.kind, r.created_at desc`
}

export async function addAbuseRule({
  organizationId,
  kind,
  target,
  note = null,
  actorId = null,
}: {
  organizationId: string
  kind: AbuseRuleKind
  target: AbuseTarget
  note?: string | null
  actorId?: string | null
}): Promise<void> {
  const cidr = 'cidr' in target ? target.cidr : null
  const domain = 'domain' in target ? target.domain.toLowerCase() : null
  try {
    await db()`
      insert into abuse_rules (organization_id, kind, cidr, domain, note, created_by)
      values (${organizationId}, ${kind}, ${cidr}::inet, ${domain}, ${note}, ${actorId})`
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AbuseRuleExistsError()
    throw error
  }
}

/** Removes one of the organization's rules; false when there is no such rule. */
export async function removeAbuseRule({
  organizationId,
  ruleId,
}: {
  organizationId: string
  ruleId: string
}): Promise<boolean> {
  if (!isUuid(ruleId)) return false
  const rows = await db()`
    delete from abuse_rules where id = ${ruleId} and organization_id = ${organizationId}
    returning id`
  return rows.length > 0
}

export interface FrequentSource {
  /** An IP address, or an email domain. */
  value: string
  total: number
  held: number
  listed: AbuseRuleKind | null
}

/**
 * The addresses and email domains (large public providers left out) that
 * signed the petition at least `thresholds` times in the last hour, most
 * first, with how many of those are held and whether a list names them
 * (block, when both do: it wins).
 * Empty for a petition that is not the organization's.
 */
export async function listFrequentSources({
  organizationId,
  petitionId,
  thresholds,
  limit = 10,
}: {
  organizationId: string
  petitionId: string
  thresholds: { perIp: number; perDomain: number }
  limit?: number
}): Promise<{ addresses: FrequentSource[]; domains: FrequentSource[] }> {
  if (!isUuid(petitionId)) return { addresses: [], domains: [] }
  const sql = db()
  const recent = () => sql`
    from signatures s join petitions p on p.id = s.petition_id
    where s.petition_id = ${petitionId} and p.organization_id = ${organizationId}
      and s.created_at > now() - interval '1 hour'`
  const [addresses, domains] = await Promise.all([
    sql<FrequentSource[]>`
      select host(s.ip) as value, count(*)::int as total,
        count(*) filter (where s.status = 'held')::int as held,
        (select max(r.kind) from abuse_rules r
          where r.organization_id = ${organizationId} and s.ip <<= r.cidr) as listed
      ${recent()} and s.ip is not null
      group by s.ip having count(*) >= ${thresholds.perIp}
      order by total desc, value limit ${limit}`,
    // Public providers are dropped after the count, so a few more are read.
    sql<FrequentSource[]>`
      select d.value, d.total, d.held,
        (select max(r.kind) from abuse_rules r
          where r.organization_id = ${organizationId} and r.domain = d.value) as listed
      from (
        select split_part(s.email_canonical, '@', 2) as value, count(*)::int as total,
          count(*) filter (where s.status = 'held')::int as held
        ${recent()}
        group by 1 having count(*) >= ${thresholds.perDomain}
      ) d
      order by d.total desc, d.value limit ${limit * 4}`,
  ])
  return {
    addresses,
    domains: domains.filter((d) => !isPublicMailDomain(d.value)).slice(0, limit),
  }
}
