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

export interface DevMail {
  id: number
  toAddress: string
  fromAddress: string
  subject: string
  html: string
  text: string
  headers: Record<string, string>
  createdAt: Date
}

export async function listDevMailbox({ limit = 100 }: { limit?: number } = {}): Promise<DevMail[]> {
  return db()<DevMail[]>`
    select id, to_address, from_address, subject, html, text, headers, created_at
    from dev_mailbox order by id desc limit ${limit}`
}

export async function getDevMail(id: number): Promise<DevMail | null> {
  const [row] = await db()<DevMail[]>`
    select id, to_address, from_address, subject, html, text, headers, created_at
    from dev_mailbox where id = ${id}`
  return row ?? null
}

/** Keeps a message in the dev mailbox (SMTP_URL unset) exactly as it would have been sent. */
export async function storeDevMail(mail: {
  to: string
  from: string
  subject: string
  html: string
  text: string
  headers: Record<string, string>
  raw: string
}): Promise<void> {
  const sql = db()
  await sql`
    insert into dev_mailbox (to_address, from_address, subject, html, text, headers, raw)
    values (${mail.to}, ${mail.from}, ${mail.subject}, ${mail.html}, ${mail.text},
      ${sql.json(mail.headers)}, ${mail.raw})`
}
