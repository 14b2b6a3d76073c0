import { db } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'

/**
 * One row of an organization's table by id: null for an id that is not a
 * uuid, does not exist, or belongs to another organization (authorization
 * in the WHERE). `table` and `columns` are constants of the caller's.
 */
export async function findInOrganization<T extends object>(
  table: string,
  columns: string,
  { id, organizationId }: { id: string; organizationId: string },
): Promise<T | null> {
  if (!isUuid(id)) return null
  const sql = db()
  const [row] = await sql<T[]>`
    select ${sql.unsafe(columns)} from ${sql(table)}
    where id = ${id} and organization_id = ${organizationId}`
  return row ?? null
}
