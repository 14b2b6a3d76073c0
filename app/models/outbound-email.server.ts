import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { recordFailedAttempt } from './delivery-attempts.server'

/**
 * Mail to one person, as a delivery record: inserted with the change that
 * calls for it (in the same transaction), then sent by the mail job, which
 * claims due rows in batches. See docs/decisions/007-transactional-mail.md.
 */
export const EMAIL_TEMPLATES = [
  'signature.confirm',
  'signature.already-signed',
  'account.password-reset',
  'account.invitation',
] as const
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number]

export interface OutboundEmail {
  id: string
  organizationId: string | null
  template: EmailTemplate
  toAddress: string
  props: Record<string, unknown>
  attempts: number
  createdAt: Date
}

export async function enqueueEmail(
  input: {
    organizationId?: string | null
    template: EmailTemplate
    to: string
    props: Record<string, unknown>
  },
  sql: Sql | TransactionSql = db(),
): Promise<void> {
  await sql`
    insert into outbound_emails (organization_id, template, to_address, props)
    values (${input.organizationId ?? null}, ${input.template}, ${input.to}, ${sql.json(input.props as never)})`
}

/** How long a claimed row is held before another worker may take it over. */
const CLAIM_LEASE = '5 minutes'

/**
 * Claims up to `limit` due messages. A claim is a lease (next_attempt_at moved
 * into the future): a worker that dies mid-send leaves its rows to be taken
 * again after the lease, so nothing is lost.
 */
export async function claimDueEmails({ limit }: { limit: number }): Promise<OutboundEmail[]> {
  return db()<OutboundEmail[]>`
    with due as (
      select id from outbound_emails
      where status in ('queued', 'sending') and next_attempt_at <= now()
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    update outbound_emails e
    set status = 'sending', attempts = e.attempts + 1,
      next_attempt_at = now() + ${CLAIM_LEASE}::interval
    from due where e.id = due.id
    returning e.id, e.organization_id, e.template, e.to_address, e.props, e.attempts, e.created_at`
}

export async function markEmailSent({ id, messageId }: { id: string; messageId: string }) {
  await db()`
    update outbound_emails set status = 'sent', sent_at = now(), message_id = ${messageId},
      last_error = null
    where id = ${id}`
}

/**
 * A failed attempt, with the policy every delivery record shares
 * (delivery-attempts.server.ts): permanent ones and those older than the
 * retry window are failed, others queued again after the backoff.
 */
export function markEmailFailed({
  id,
  error,
  permanent,
  attempts,
  createdAt,
}: {
  id: string
  error: string
  permanent: boolean
  attempts: number
  createdAt: Date
}): Promise<'retry' | 'failed'> {
  return recordFailedAttempt('outbound_emails', {
    id,
    error,
    permanent,
    attempts,
    queuedAt: createdAt,
  })
}

/** When the next queued message falls due, if any. */
export async function nextEmailDueAt(): Promise<Date | null> {
  const [row] = await db()<{ at: Date | null }[]>`
    select min(next_attempt_at) as at from outbound_emails where status in ('queued', 'sending')`
  return row?.at ?? null
}
