import type { OfficialRole } from '~/domain/states'
import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'

/**
 * The organizer's call scripts: one per decision maker's role on a case,
 * and a default (role null) for every target whose role has none.
 */
export interface CallScript {
  id: string
  caseId: string
  role: OfficialRole | null
  body: string
  updatedAt: Date
}

/** A case's scripts (the case's organization's own; the public call page reads them by case). */
export async function listCallScripts({ caseId }: { caseId: string }): Promise<CallScript[]> {
  if (!isUuid(caseId)) return []
  return db()<CallScript[]>`
    select id, case_id, role, body, updated_at from call_scripts
    where case_id = ${caseId}
    order by role nulls first`
}

/**
 * Writes the script for a role (null: the default) of one of the
 * organization's cases; an empty body removes it. False when the case is
 * not the organization's.
 */
export async function saveCallScript({
  organizationId,
  caseId,
  role,
  body,
  actorId = null,
}: {
  organizationId: string
  caseId: string
  role: OfficialRole | null
  body: string
  actorId?: string | null
}): Promise<boolean> {
  if (!isUuid(caseId)) return false
  const sql = db()
  const [kase] = await sql<{ id: string }[]>`
    select id from cases where id = ${caseId} and organization_id = ${organizationId}`
  if (!kase) return false
  if (!body.trim()) {
    await sql`
      delete from call_scripts where case_id = ${caseId} and role is not distinct from ${role}`
    return true
  }
  await sql`
    insert into call_scripts (organization_id, case_id, role, body, updated_by)
    values (${organizationId}, ${caseId}, ${role}, ${body}, ${actorId})
    on conflict on constraint call_scripts_role_unique do update set
      body = excluded.body, updated_by = excluded.updated_by, updated_at = now()`
  return true
}
