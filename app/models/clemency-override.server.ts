import type { ClemencyStructure } from '~/domain/states'
import { db } from '~/utils/db.server'

/** An organization's correction of a row of domain/clemency.ts, for its own cases. */
export interface ClemencyOverride {
  jurisdictionCode: string
  structure: ClemencyStructure
  board: string | null
  note: string | null
  sourceUrl: string | null
  updatedAt: Date
}

const COLUMNS = (sql: ReturnType<typeof db>) =>
  sql.unsafe(`jurisdiction_code, structure, board, note, source_url, updated_at`)

export async function listClemencyOverrides(organizationId: string): Promise<ClemencyOverride[]> {
  const sql = db()
  return sql<ClemencyOverride[]>`
    select ${COLUMNS(sql)} from clemency_overrides where organization_id = ${organizationId}`
}

export async function getClemencyOverride(
  organizationId: string,
  code: string,
): Promise<ClemencyOverride | null> {
  const sql = db()
  const [row] = await sql<ClemencyOverride[]>`
    select ${COLUMNS(sql)} from clemency_overrides
    where organization_id = ${organizationId} and jurisdiction_code = ${code}`
  return row ?? null
}

export async function saveClemencyOverride(input: {
  organizationId: string
  code: string
  structure: ClemencyStructure
  board: string | null
  note: string | null
  sourceUrl: string | null
  actorId: string | null
}): Promise<void> {
  await db()`
    insert into clemency_overrides (organization_id, jurisdiction_code, structure, board, note,
      source_url, updated_by)
    values (${input.organizationId}, ${input.code}, ${input.structure}, ${input.board},
      ${input.note}, ${input.sourceUrl}, ${input.actorId})
    on conflict (organization_id, jurisdiction_code) do update set
      structure = excluded.structure, board = excluded.board, note = excluded.note,
      source_url = excluded.source_url, updated_by = excluded.updated_by, updated_at = now()`
}

export async function deleteClemencyOverride(organizationId: string, code: string): Promise<void> {
  await db()`
    delete from clemency_overrides
    where organization_id = ${organizationId} and jurisdiction_code = ${code}`
}
