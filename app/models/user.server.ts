import { DomainError } from '~/domain/errors'
import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { hashPassword, verifyPassword } from '~/utils/password.server'
import type { MembershipRole } from '~/domain/states'

export interface User {
  id: string
  email: string
  name: string | null
}

export class UserExistsError extends DomainError {
  constructor(email: string) {
    const message = `A user with the email ${email} already exists.`
    super('conflict', message, { email: [message] })
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

/** How user emails are compared: trimmed and lower case (as users.email_canonical). */
export function userEmailKey(email: string): string {
  return email.trim().toLowerCase()
}

export async function getUserByEmail(email: string): Promise<User | null> {
  const [row] = await db()<User[]>`
    select id, email, name from users where email_canonical = ${userEmailKey(email)}`
  return row ?? null
}

export async function getUserById(id: string): Promise<User | null> {
  const [row] = await db()<User[]>`select id, email, name from users where id = ${id}`
  return row ?? null
}

// Verified against when the email is unknown, so that a wrong email takes as
// long to refuse as a wrong password (no account discovery by timing).
let dummyHash: Promise<string> | undefined

/** The user when the password is right, else null (unknown email or wrong password alike). */
export async function verifyLogin({
  email,
  password,
}: {
  email: string
  password: string
}): Promise<User | null> {
  const [row] = await db()<(User & { passwordHash: string | null })[]>`
    select id, email, name, password_hash from users
    where email_canonical = ${userEmailKey(email)}`
  if (!row?.passwordHash) {
    dummyHash ??= hashPassword('not the password of anyone')
    await verifyPassword(await dummyHash, password)
    return null
  }
  if (!(await verifyPassword(row.passwordHash, password))) return null
  return { id: row.id, email: row.email, name: row.name }
}

export interface Member {
  userId: string
  email: string
  name: string | null
  role: MembershipRole
  joinedAt: Date
}

export async function listMembers({
  organizationId,
}: {
  organizationId: string
}): Promise<Member[]> {
  return db()<Member[]>`
    select u.id as user_id, u.email, u.name, m.role, m.created_at as joined_at
    from memberships m join users u on u.id = m.user_id
    where m.organization_id = ${organizationId}
    order by (m.role = 'admin') desc, lower(coalesce(u.name, u.email))`
}

/** Adds (or keeps) a membership; an existing one keeps its role. */
export async function addMembership(
  input: { userId: string; organizationId: string; role: MembershipRole },
  sql: Sql | TransactionSql = db(),
): Promise<void> {
  await sql`
    insert into memberships (organization_id, user_id, role)
    values (${input.organizationId}, ${input.userId}, ${input.role})
    on conflict (organization_id, user_id) do nothing`
}

/** Refused: the organization would be left without an admin. */
export class LastAdminError extends DomainError {
  constructor() {
    super('conflict', 'An organization needs at least one admin: make someone else an admin first.')
  }
}

/**
 * Changes a member's role or (role null) removes the member, keeping at
 * least one admin. Returns false when that user is not a member.
 */
export async function updateMembership({
  organizationId,
  userId,
  role,
}: {
  organizationId: string
  userId: string
  role: MembershipRole | null
}): Promise<boolean> {
  return db().begin(async (sql) => {
    // The organization's memberships, locked: two admins demoting each other take turns.
    const members = await sql<{ userId: string; role: MembershipRole }[]>`
      select user_id, role from memberships where organization_id = ${organizationId}
      order by user_id for update`
    const target = members.find((m) => m.userId === userId)
    if (!target) return false
    const adminsAfter = members.filter((m) =>
      m.userId === userId ? role === 'admin' : m.role === 'admin',
    ).length
    if (adminsAfter === 0) throw new LastAdminError()
    if (role === null)
      await sql`delete from memberships where organization_id = ${organizationId} and user_id = ${userId}`
    else
      await sql`
        update memberships set role = ${role}
        where organization_id = ${organizationId} and user_id = ${userId}`
    return true
  })
}
