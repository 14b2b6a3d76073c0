import { db } from '~/utils/db.server'
import { isUsRegion, regionName, US_REGIONS } from '~/domain/regions'
import { COUNTRIES } from '~/validation/countries'
import { publicName } from './public-petition.server'
import { COUNTED } from './rules.server'

/**
 * The signers of the delivery packet (services/packets.server.ts): counted
 * signatures only, as first name and last initial, town, comment and,
 * when asked, letter — never an email, not even one typed into a comment.
 * Read through a cursor, a batch at a time, grouped by state (or country
 * where no state is known), the case's own jurisdiction first.
 */

export interface PacketSigner {
  /** `US-TX`, or a country (`CA`, or `US` where the state is not known). */
  group: string
  name: string
  locality: string | null
  comment: string | null
  letter: string | null
}

/** A group's heading: "Texas", "Canada", "United States (state not known)". */
export function groupLabel(group: string): string {
  if (group.includes('-')) return regionName(group)
  const country = COUNTRIES.find((c) => c.code === group)?.name ?? group
  return group === 'US' ? `${country} (state not known)` : country
}

/** The order of groups: the jurisdiction, US states by name, then countries by name. */
function groupOrder(jurisdiction: string | null): string[] {
  const states = US_REGIONS.map(([usps, name]) => ({ code: `US-${usps}`, name }))
  const sorted = [
    ...states.sort((a, b) => a.name.localeCompare(b.name)).map((s) => s.code),
    ...[...COUNTRIES].sort((a, b) => a.name.localeCompare(b.name)).map((c) => c.code),
  ]
  return jurisdiction && isUsRegion(jurisdiction)
    ? [jurisdiction, ...sorted.filter((code) => code !== jurisdiction)]
    : sorted
}

const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+/g
/** An address a signer typed into a comment or letter leaves the packet too. */
const withoutEmails = (text: string | null) =>
  text ? text.replace(EMAIL, '[email removed]') : null

export const PACKET_BATCH = 500

/**
 * The petition's counted signers, `batch` at a time, in packet order. The
 * petition must be the organization's (else nothing). `region`: one state
 * (`US-TX`) or one country (`CA`: all its signers). The cursor holds one
 * connection until the iteration ends or is abandoned (return()).
 */
export async function* packetSigners({
  organizationId,
  petitionId,
  region,
  jurisdiction,
  includeLetters,
  batch = PACKET_BATCH,
}: {
  organizationId: string
  petitionId: string
  region: string | null
  jurisdiction: string | null
  includeLetters: boolean
  batch?: number
}): AsyncGenerator<PacketSigner[]> {
  const sql = db()
  const only = region
    ? region.includes('-')
      ? sql`and s.region = ${region}`
      : sql`and s.country = ${region}`
    : sql``
  const cursor = sql<
    {
      packetGroup: string
      name: string
      locality: string | null
      comment: string | null
      letter: string | null
    }[]
  >`
    select coalesce(s.region, s.country) as packet_group, s.name, s.locality, s.comment,
      ${includeLetters ? sql`s.letter` : sql`null::text`} as letter
    from signatures s
    join petitions p on p.id = s.petition_id
    where s.petition_id = ${petitionId} and p.organization_id = ${organizationId}
      and s.status in (${sql.unsafe(COUNTED)}) ${only}
    order by array_position(${groupOrder(jurisdiction)}::text[], coalesce(s.region, s.country)),
      coalesce(s.region, s.country), lower(s.name), s.id`.cursor(batch)
  for await (const rows of cursor) {
    yield rows.map((r) => ({
      group: r.packetGroup,
      name: publicName(r.name),
      locality: r.locality,
      comment: withoutEmails(r.comment),
      letter: withoutEmails(r.letter),
    }))
  }
}
