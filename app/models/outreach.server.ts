import { DomainError } from '~/domain/errors'
import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import {
  canCancelOutreach,
  isPublished,
  type OutreachDeliveryStatus,
  type OutreachStatus,
  type PetitionStatus,
} from '~/domain/states'

/**
 * Outreach to officials: an organizer's letter delivering a petition to the
 * officials who decide, one delivery row per official. The rows are made
 * when the outreach is written (a handful) and fall due at scheduled_at;
 * the outreach delivery job claims them like campaign rows (SKIP LOCKED and
 * a lease) with the same retry policy. See docs/decisions/022-outreach.md.
 */

export interface OutreachRow {
  id: string
  organizationId: string
  petitionId: string
  petitionTitle: string
  /** The case's time zone: scheduled times are shown and entered in it. */
  timeZone: string
  subject: string
  body: string
  attachSignersCsv: boolean
  /** The delivery packet (PDF) attached, or linked when it is too large. */
  attachPacket: boolean
  status: OutreachStatus
  scheduledAt: Date
  createdBy: string | null
  createdByName: string | null
  createdAt: Date
  updatedAt: Date
  finishedAt: Date | null
  cancelledAt: Date | null
}

export interface OutreachDelivery {
  officialId: string
  officialName: string
  officialTitle: string | null
  toAddress: string
  status: OutreachDeliveryStatus
  attempts: number
  lastError: string | null
  sentAt: Date | null
  nextAttemptAt: Date
}

export interface OutreachWithDeliveries extends OutreachRow {
  deliveries: OutreachDelivery[]
}

export interface OutreachListItem extends OutreachRow {
  total: number
  sent: number
  failed: number
}

/** Input that names something outside the organization, or unfit to send to. */
export class OutreachInputError extends DomainError {
  constructor(fields: Partial<Record<'petition' | 'targets', string[]>>) {
    super(
      'invalid',
      Object.values(fields)
        .flatMap((m) => m ?? [])
        .join(' '),
      fields as Record<string, string[]>,
    )
  }
}

export class OutreachStateError extends DomainError {
  constructor(readonly status: OutreachStatus) {
    super('conflict', `The outreach is already ${status}.`)
  }
}

// ---------------------------------------------------------------------------
// Targets

export interface OutreachOfficial {
  id: string
  name: string
  title: string | null
  email: string | null
}

/**
 * Checks what an outreach names: the petition is the organization's and
 * published, the officials are the organization's and each has an email.
 * Returns the officials; throws OutreachInputError. (The template is
 * checked against each of them by services/outreaches.server.ts.)
 */
export async function checkOutreachTargets(input: {
  organizationId: string
  petitionId: string
  officialIds: string[]
}): Promise<OutreachOfficial[]> {
  const [petition] = isUuid(input.petitionId)
    ? await db()<{ id: string; status: PetitionStatus }[]>`
        select id, status from petitions
        where id = ${input.petitionId} and organization_id = ${input.organizationId}`
    : []
  if (!petition) throw new OutreachInputError({ petition: ['No such petition.'] })
  if (!isPublished(petition.status))
    throw new OutreachInputError({ petition: ['Publish the petition before delivering it.'] })
  const officialIds = [...new Set(input.officialIds)]
  if (officialIds.length === 0)
    throw new OutreachInputError({ targets: ['Choose at least one official.'] })
  const valid = officialIds.filter(isUuid)
  const officials = valid.length
    ? await db()<OutreachOfficial[]>`
        select id, name, title, email from officials
        where id = any(${valid}::uuid[]) and organization_id = ${input.organizationId}
        order by name, id`
    : []
  const known = new Set(officials.map((o) => o.id))
  const unknown = officialIds.filter((id) => !known.has(id))
  if (unknown.length > 0)
    throw new OutreachInputError({ targets: [`No such official: ${unknown.join(', ')}.`] })
  const noEmail = officials.filter((o) => !o.email?.trim())
  if (noEmail.length > 0)
    throw new OutreachInputError({
      targets: [
        `${noEmail.map((o) => o.name).join(', ')} ${noEmail.length === 1 ? 'has' : 'have'} no email address.`,
      ],
    })
  return officials
}

// ---------------------------------------------------------------------------
// Outreaches

function outreachQuery(where: ReturnType<ReturnType<typeof db>>) {
  return db()<OutreachRow[]>`
    select o.id, o.organization_id, o.petition_id, p.title as petition_title, c.time_zone,
      o.subject, o.body,
      o.attach_signers_csv, o.attach_packet, o.status, o.scheduled_at, o.created_by,
      coalesce(u.name, u.email) as created_by_name, o.created_at, o.updated_at, o.finished_at,
      o.cancelled_at
    from outreaches o
    join petitions p on p.id = o.petition_id
    join cases c on c.id = p.case_id
    left join users u on u.id = o.created_by
    where ${where}`
}

/**
 * Writes an outreach and its delivery rows (one per official, due at
 * `scheduledAt`, or now when it is absent or past), for officials checked
 * by checkOutreachTargets. services/outreaches.server.ts checks the
 * template and wakes the job.
 */
export async function createOutreach(input: {
  organizationId: string
  createdBy: string | null
  petitionId: string
  officials: OutreachOfficial[]
  subject: string
  body: string
  attachSignersCsv: boolean
  attachPacket?: boolean
  scheduledAt: Date | null
}): Promise<OutreachWithDeliveries> {
  const { officials } = input
  const later = input.scheduledAt && input.scheduledAt.getTime() > Date.now()
  const id = await db().begin(async (sql) => {
    const [row] = await sql<{ id: string; scheduledAt: Date }[]>`
      insert into outreaches (organization_id, petition_id, subject, body, attach_signers_csv,
        attach_packet, status, scheduled_at, created_by)
      values (${input.organizationId}, ${input.petitionId}, ${input.subject}, ${input.body},
        ${input.attachSignersCsv}, ${input.attachPacket ?? false}, ${later ? 'scheduled' : 'sending'},
        coalesce(${later ? input.scheduledAt : null}::timestamptz, now()), ${input.createdBy})
      returning id, scheduled_at`
    await sql`
      insert into outreach_deliveries (outreach_id, official_id, to_address, next_attempt_at)
      select ${row!.id}, o.id, trim(o.email), ${row!.scheduledAt}
      from officials o
      where o.id = any(${officials.map((o) => o.id)}::uuid[])
        and o.organization_id = ${input.organizationId}`
    return row!.id
  })
  return (await getOutreachForOrganization({
    organizationId: input.organizationId,
    outreachId: id,
  }))!
}

/** One of the organization's outreaches with a row per official; null for anyone else's. */
export async function getOutreachForOrganization({
  organizationId,
  outreachId,
}: {
  organizationId: string
  outreachId: string
}): Promise<OutreachWithDeliveries | null> {
  if (!isUuid(outreachId)) return null
  const sql = db()
  const [row] = await outreachQuery(
    sql`o.id = ${outreachId} and o.organization_id = ${organizationId}`,
  )
  if (!row) return null
  const deliveries = await sql<OutreachDelivery[]>`
    select d.official_id, f.name as official_name, f.title as official_title, d.to_address,
      d.status, d.attempts, d.last_error, d.sent_at, d.next_attempt_at
    from outreach_deliveries d join officials f on f.id = d.official_id
    where d.outreach_id = ${outreachId}
    order by f.name, d.official_id`
  return { ...row, deliveries }
}

/** The organization's outreaches, newest first, with their delivery tallies. */
export async function listOutreaches({
  organizationId,
  limit = 25,
  offset = 0,
}: {
  organizationId: string
  limit?: number
  offset?: number
}): Promise<OutreachListItem[]> {
  const sql = db()
  return sql<OutreachListItem[]>`
    select o.id, o.organization_id, o.petition_id, p.title as petition_title, c.time_zone,
      o.subject, o.body,
      o.attach_signers_csv, o.attach_packet, o.status, o.scheduled_at, o.created_by,
      coalesce(u.name, u.email) as created_by_name, o.created_at, o.updated_at, o.finished_at,
      o.cancelled_at, t.total, t.sent, t.failed
    from outreaches o
    join petitions p on p.id = o.petition_id
    join cases c on c.id = p.case_id
    left join users u on u.id = o.created_by
    cross join lateral (
      select count(*)::int as total,
        count(*) filter (where d.status = 'sent')::int as sent,
        count(*) filter (where d.status = 'failed')::int as failed
      from outreach_deliveries d where d.outreach_id = o.id
    ) t
    where o.organization_id = ${organizationId}
    order by o.created_at desc, o.id
    limit ${limit} offset ${offset}`
}

export async function countOutreaches({
  organizationId,
}: {
  organizationId: string
}): Promise<number> {
  const [row] = await db()<{ n: number }[]>`
    select count(*)::int as n from outreaches where organization_id = ${organizationId}`
  return row!.n
}

/**
 * Cancels a scheduled or sending outreach: rows not yet sent become
 * cancelled (a copy whose SMTP transaction is under way when this commits
 * is recorded as sent, as it was). Null when it is not the organization's;
 * OutreachStateError once it is sent. Cancelling twice is harmless.
 */
export async function cancelOutreach({
  organizationId,
  outreachId,
}: {
  organizationId: string
  outreachId: string
}): Promise<OutreachWithDeliveries | null> {
  const existing = await getOutreachForOrganization({ organizationId, outreachId })
  if (!existing) return null
  if (existing.status === 'cancelled') return existing
  if (!canCancelOutreach(existing.status)) throw new OutreachStateError(existing.status)
  const done = await db().begin(async (sql) => {
    const [row] = await sql<{ id: string }[]>`
      update outreaches set status = 'cancelled', cancelled_at = now(), updated_at = now()
      where id = ${outreachId} and organization_id = ${organizationId}
        and status in ('scheduled', 'sending')
      returning id`
    if (!row) return false
    await sql`
      update outreach_deliveries set status = 'cancelled', last_error = 'outreach cancelled'
      where outreach_id = ${outreachId} and status in ('queued', 'sending')`
    return true
  })
  const now = await getOutreachForOrganization({ organizationId, outreachId })
  if (!done && now?.status !== 'cancelled') throw new OutreachStateError(now?.status ?? 'sent')
  return now
}
