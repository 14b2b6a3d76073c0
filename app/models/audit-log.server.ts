import type { AuditAction } from '~/domain/audit'
import { db, type Sql, type TransactionSql } from '~/utils/db.server'

/**
 * The audit log (decision 038): one row per organizer action, appended by
 * the service that does it (in its transaction where it has one, so an
 * action and its record commit together), read by admins at
 * /dashboard/audit. Never holds a supporter's email or name: what an
 * erasure erased is counted, not named.
 */

type Query = Sql | TransactionSql

export interface AuditEntryInput {
  organizationId: string
  /** The organizer; null for the operator's command line or Vigil itself. */
  actorId: string | null
  action: AuditAction
  subjectType?: string | null
  subjectId?: string | null
  summary: string
  details?: Record<string, unknown>
}

/** Who did it, when there is no account: the command line (or Vigil's own jobs). */
export const NO_ACTOR_LABEL = 'Operator (command line)'

export async function recordAudit(entry: AuditEntryInput, sql: Query = db()): Promise<void> {
  await sql`
    insert into audit_log (organization_id, actor_id, actor_label, action, subject_type,
      subject_id, summary, details)
    values (${entry.organizationId}, ${entry.actorId},
      coalesce((select coalesce(nullif(name, '') || ' <' || email || '>', email)
                from users where id = ${entry.actorId}), ${NO_ACTOR_LABEL}),
      ${entry.action}, ${entry.subjectType ?? null}, ${entry.subjectId ?? null},
      ${entry.summary.slice(0, 500)}, ${sql.json((entry.details ?? {}) as never)})`
}

export interface AuditFilter {
  organizationId: string
  action?: AuditAction | null
  actorId?: string | null
  /** Inclusive, from the start of this time. */
  from?: Date | null
  /** Exclusive. */
  to?: Date | null
}

export interface AuditEntry {
  id: string
  actorId: string | null
  actorLabel: string
  action: AuditAction
  subjectType: string | null
  subjectId: string | null
  summary: string
  details: Record<string, unknown>
  createdAt: Date
}

function where(sql: Sql, f: AuditFilter) {
  return sql`
    where organization_id = ${f.organizationId}
      and (${f.action ?? null}::text is null or action = ${f.action ?? null})
      and (${f.actorId ?? null}::uuid is null or actor_id = ${f.actorId ?? null})
      and (${f.from ?? null}::timestamptz is null or created_at >= ${f.from ?? null})
      and (${f.to ?? null}::timestamptz is null or created_at < ${f.to ?? null})`
}

export async function listAuditEntries(
  filter: AuditFilter & { limit: number; offset: number },
): Promise<AuditEntry[]> {
  const sql = db()
  return sql<AuditEntry[]>`
    select id::text, actor_id, actor_label, action, subject_type, subject_id, summary, details,
      created_at
    from audit_log ${where(sql, filter)}
    order by created_at desc, id desc
    limit ${filter.limit} offset ${filter.offset}`
}

export async function countAuditEntries(filter: AuditFilter): Promise<number> {
  const sql = db()
  const [row] = await sql<
    { n: number }[]
  >`select count(*)::int as n from audit_log ${where(sql, filter)}`
  return row!.n
}

/** Everyone who appears in the organization's log, for the filter. */
export async function listAuditActors(
  organizationId: string,
): Promise<{ actorId: string; actorLabel: string }[]> {
  return db()<{ actorId: string; actorLabel: string }[]>`
    select distinct on (actor_id) actor_id, actor_label from audit_log
    where organization_id = ${organizationId} and actor_id is not null
    order by actor_id, created_at desc`
}
