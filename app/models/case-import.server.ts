import type { TransactionSql } from '~/utils/db.server'

/**
 * The cases a CSV import's rows name: matched by case number and
 * jurisdiction, ignoring case and surrounding spaces (the index
 * cases_number_idx), one query per batch.
 */
export async function findCasesByNumber(
  tx: TransactionSql,
  {
    organizationId,
    keys,
  }: { organizationId: string; keys: { caseNumber: string; jurisdiction: string }[] },
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map()
  const numbers = keys.map((k) => k.caseNumber.trim().toLowerCase())
  const places = keys.map((k) => k.jurisdiction.trim().toLowerCase())
  const rows = await tx<{ id: string; key: string }[]>`
    select distinct on (lower(trim(c.case_number)), lower(trim(c.jurisdiction))) c.id,
      lower(trim(c.case_number)) || '|' || lower(trim(c.jurisdiction)) as key
    from cases c
    join unnest(${numbers}::text[], ${places}::text[]) as k(number, place)
      on lower(trim(c.case_number)) = k.number and lower(trim(c.jurisdiction)) = k.place
    where c.organization_id = ${organizationId} and c.case_number is not null
    order by lower(trim(c.case_number)), lower(trim(c.jurisdiction)), c.created_at, c.id`
  return new Map(rows.map((r) => [r.key, r.id]))
}
