import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import type { DeliveryKind } from './delivery-queue.server'

/**
 * Mail to one person, as a delivery record: inserted with the change that
 * calls for it (in the same transaction), then claimed from the delivery
 * queue in batches by the transactional sender (mail/senders/).
 * See docs/decisions/007-transactional-mail.md.
 */
export const EMAIL_TEMPLATES = [
  'signature.confirm',
  'signature.already-signed',
  'account.password-reset',
  'account.invitation',
  'organizer.watch-digest',
  'petition.milestone',
  'account.webhook-paused',
] as const
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number]

/** What the transactional sender reads of each claimed mail. */
export interface OutboundEmail {
  organizationId: string | null
  template: EmailTemplate
  toAddress: string
  props: Record<string, unknown>
}

/** Transactional mail in the delivery queue, claimed plainly. */
export const OUTBOUND_EMAILS: DeliveryKind<OutboundEmail> = {
  table: 'outbound_emails',
  idType: 'uuid',
  messageIdColumn: 'message_id',
  // A batch of 50 goes out 5 at a time, well within it; a row whose turn
  // comes too late is given back rather than sent.
  leaseSeconds: 300,
  queuedAt: `d.created_at`,
  columns: `d.organization_id, d.template, d.to_address, d.props`,
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
