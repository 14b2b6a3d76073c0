import { db } from '~/utils/db.server'

/**
 * The dev mailbox (SMTP_URL unset): every message kept as it would have
 * been sent, for /dev/mailbox. Who may read which message is decided by
 * services/dev-mailbox.server.ts and said here in each WHERE: everything
 * for this machine, else only mail addressed to the organizer and their
 * organization's mail.
 */
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

/** Whose mail a reader may see: all of it, or an organizer's. */
export type DevMailboxScope = { all: true } | { organizationId: string; email: string }

function visibleTo(scope: DevMailboxScope) {
  const sql = db()
  if ('all' in scope) return sql`true`
  return sql`(organization_id = ${scope.organizationId}
    or ${scope.email.trim().toLowerCase()} = any(recipients))`
}

export async function listDevMailbox({
  scope,
  limit = 100,
}: {
  scope: DevMailboxScope
  limit?: number
}): Promise<DevMail[]> {
  return db()<DevMail[]>`
    select id, to_address, from_address, subject, html, text, headers, created_at
    from dev_mailbox where ${visibleTo(scope)} order by id desc limit ${limit}`
}

export async function getDevMail({
  id,
  scope,
}: {
  id: number
  scope: DevMailboxScope
}): Promise<DevMail | null> {
  const [row] = await db()<DevMail[]>`
    select id, to_address, from_address, subject, html, text, headers, created_at
    from dev_mailbox where id = ${id} and ${visibleTo(scope)}`
  return row ?? null
}

/** The supporter's token in a List-Unsubscribe header (`<…/unsubscribe/TOKEN>`), if any. */
function unsubscribeToken(headers: Record<string, string>): string | null {
  const name = Object.keys(headers).find((h) => h.toLowerCase() === 'list-unsubscribe')
  const match = name ? /\/unsubscribe\/([A-Za-z0-9_-]+)>/.exec(String(headers[name])) : null
  return match?.[1] ?? null
}

/**
 * Keeps a message in the dev mailbox exactly as it would have been sent,
 * with its recipients and its organization: the one whose supporter it
 * went to, known by the unsubscribe link that every mail to a supporter
 * carries (a token Vigil made, unique to that supporter). Mail without
 * one (a password reset, an invitation) belongs to no organization and is
 * shown only to its recipient and on this machine.
 */
export async function storeDevMail(mail: {
  to: string
  from: string
  subject: string
  html: string
  text: string
  headers: Record<string, string>
  raw: string
  /** The envelope's recipients: bare addresses. */
  recipients: string[]
}): Promise<void> {
  const sql = db()
  const token = unsubscribeToken(mail.headers)
  await sql`
    insert into dev_mailbox (to_address, from_address, subject, html, text, headers, raw,
      recipients, organization_id)
    values (${mail.to}, ${mail.from}, ${mail.subject}, ${mail.html}, ${mail.text},
      ${sql.json(mail.headers)}, ${mail.raw},
      ${mail.recipients.map((r) => r.trim().toLowerCase())}::text[],
      (select organization_id from supporters where unsubscribe_token = ${token}))`
}
