import crypto from 'node:crypto'
import { db } from '~/utils/db.server'
import { hashPassword } from '~/utils/password.server'
import { enqueueEmail } from './outbound-email.server'
import { getUserByEmail } from './user.server'

/**
 * Password reset by a mailed, single-use link. The request only queues the
 * mail; its token is made when the mail is rendered (as confirmation links
 * are), so the plain token never reaches the database. Using one link
 * spends every outstanding link of that user.
 */
export const RESET_TOKEN_MINUTES = 60
/** At most this many reset mails per account per hour, whoever asks. */
export const RESET_MAILS_PER_HOUR = 3

function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token).digest()
}

/**
 * Queues a reset mail when the account exists and is under its hourly cap;
 * returns whether it did (the caller answers the same either way).
 */
export async function requestPasswordReset({ email }: { email: string }): Promise<boolean> {
  const user = await getUserByEmail(email)
  if (!user) return false
  return db().begin(async (sql) => {
    // One request at a time per user, so the hourly cap holds under concurrency.
    await sql`select pg_advisory_xact_lock(hashtext(${`password-reset:${user.id}`}))`
    const [recent] = await sql<{ n: number }[]>`
      select count(*)::int as n from outbound_emails
      where template = 'account.password-reset' and props->>'userId' = ${user.id}
        and created_at > now() - interval '1 hour'`
    if (recent!.n >= RESET_MAILS_PER_HOUR) return false
    await enqueueEmail(
      { template: 'account.password-reset', to: user.email, props: { userId: user.id } },
      sql,
    )
    return true
  })
}

/** A new reset link's token for the user (at send time); only its hash is stored. */
export async function createPasswordResetToken({ userId }: { userId: string }): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url')
  await db()`
    insert into password_reset_tokens (token_hash, user_id, expires_at)
    values (${hashToken(token)}, ${userId}, now() + ${RESET_TOKEN_MINUTES} * interval '1 minute')`
  return token
}

export type ResetLinkState = 'valid' | 'expired' | 'used'

/** What a reset link is worth now, or null for one that never existed. */
export async function getPasswordReset(
  token: string,
): Promise<{ state: ResetLinkState; email: string } | null> {
  const [row] = await db()<{ email: string; used: boolean; expired: boolean }[]>`
    select u.email, t.used_at is not null as used, t.expires_at < now() as expired
    from password_reset_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${hashToken(token)}`
  if (!row) return null
  return { email: row.email, state: row.used ? 'used' : row.expired ? 'expired' : 'valid' }
}

/**
 * Sets the new password through a valid link and spends the link (and every
 * other outstanding one of that user). Returns the state of a link that
 * could not be used, or null for an unknown one.
 */
export async function resetPassword({
  token,
  password,
}: {
  token: string
  password: string
}): Promise<{ result: 'reset'; email: string } | { result: 'expired' | 'used' } | null> {
  const passwordHash = await hashPassword(password)
  return db().begin(async (sql) => {
    const [row] = await sql<{ userId: string; email: string; used: boolean; expired: boolean }[]>`
      select t.user_id, u.email, t.used_at is not null as used, t.expires_at < now() as expired
      from password_reset_tokens t join users u on u.id = t.user_id
      where t.token_hash = ${hashToken(token)}
      for update of t`
    if (!row) return null
    if (row.used) return { result: 'used' as const }
    if (row.expired) return { result: 'expired' as const }
    await sql`
      update users set password_hash = ${passwordHash}, updated_at = now()
      where id = ${row.userId}`
    await sql`
      update password_reset_tokens set used_at = now()
      where user_id = ${row.userId} and used_at is null`
    return { result: 'reset' as const, email: row.email }
  })
}

/** What the reset mail needs, or null when the user is gone. */
export async function getPasswordResetMailContext(
  userId: string,
): Promise<{ name: string | null; email: string } | null> {
  const [row] = await db()<{ name: string | null; email: string }[]>`
    select name, email from users where id = ${userId}`
  return row ?? null
}
