import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { hashPassword } from '~/utils/password.server'
import type { MembershipRole } from './states'

export interface User {
  id: string
  email: string
  name: string | null
}

export class UserExistsError extends Error {
  constructor(email: string) {
    super(`A user with the email ${email} already exists.`)
  }
}

/** Creates a user and makes them a member of the organization. */
export async function createUser(
  input: {
    email: string
    password: string
    organizationId: string
    role: MembershipRole
    name?: string
  },
  sql: Sql | TransactionSql = db(),
): Promise<User> {
  const passwordHash = await hashPassword(input.password)
  const email = input.email.trim()
  const [user] = await sql<User[]>`
    insert into users (email, email_canonical, name, password_hash)
    values (${email}, ${email.toLowerCase()}, ${input.name ?? null}, ${passwordHash})
    on conflict (email_canonical) do nothing
    returning id, email, name`
  if (!user) throw new UserExistsError(email)
  await sql`
    insert into memberships (organization_id, user_id, role)
    values (${input.organizationId}, ${user.id}, ${input.role})`
  return user
}
