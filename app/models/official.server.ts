import { db, type Sql, type TransactionSql } from '~/utils/db.server'

export interface Official {
  id: string
  organizationId: string
  name: string
  title: string | null
  office: string | null
  jurisdiction: string | null
  email: string | null
  phone: string | null
}

export interface NewOfficial {
  organizationId: string
  name: string
  title?: string | null
  office?: string | null
  jurisdiction?: string | null
  email?: string | null
  phone?: string | null
}

export async function createOfficial(
  input: NewOfficial,
  sql: Sql | TransactionSql = db(),
): Promise<Official> {
  const [row] = await sql<Official[]>`
    insert into officials (organization_id, name, title, office, jurisdiction, email, phone)
    values (${input.organizationId}, ${input.name}, ${input.title ?? null}, ${input.office ?? null},
      ${input.jurisdiction ?? null}, ${input.email ?? null}, ${input.phone ?? null})
    returning id, organization_id, name, title, office, jurisdiction, email, phone`
  return row!
}
