import crypto from 'node:crypto'
import { db } from '~/utils/db.server'
import { isCounted, statusAfterConfirm, type SignatureStatus } from '~/domain/states'
import { recordCountDelta } from './count.server'
import { enqueueEmail } from './outbound-email.server'
import { emitWebhookEvents } from './webhook-event.server'

/**
 * A signature's confirmation links: only each token's hash is stored; a
 * link works for CONFIRMATION_TOKEN_DAYS, and confirming is idempotent
 * (the count moves once). The signature itself: signature.server.ts.
 */

export const CONFIRMATION_TOKEN_DAYS = 7

function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token).digest()
}

/** A new confirmation link for a signature; only its hash is stored. */
export async function createConfirmationToken({
  signatureId,
}: {
  signatureId: string
}): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url')
  await db()`
    insert into confirmation_tokens (token_hash, signature_id, expires_at)
    values (${hashToken(token)}, ${signatureId},
      now() + ${CONFIRMATION_TOKEN_DAYS} * interval '1 day')`
  return token
}

/** What a signer's mail says of them and their petition. */
export interface SignatureMailContext {
  signatureId: string
  name: string
  status: SignatureStatus
  petitionSlug: string
  petitionTitle: string
  petitionTitleEs: string | null
  personName: string
  organizationName: string
  unsubscribeToken: string
  /** The language they signed in: the mail's. */
  language: string
}

/** A signer's mail to compose: its queue row, its signature, and whether it carries a confirmation link. */
export interface SignatureMailRequest {
  rowId: string
  signatureId: string
  withLink: boolean
}

export interface SignatureMail extends SignatureMailContext {
  /** The confirmation link's token: asked for, and the signature still pending. */
  confirmToken: string | null
}

/**
 * What signers' mails need, read when they are sent (never stale), for a
 * batch of them in one statement: each one's context and, for a mail with
 * a confirmation link to a signature still pending, a new link (only its
 * token's hash stored). Keyed by queue row; a mail whose signature is gone
 * is absent.
 */
export async function signatureMails(
  requests: SignatureMailRequest[],
): Promise<Map<string, SignatureMail>> {
  const result = new Map<string, SignatureMail>()
  if (requests.length === 0) return result
  const tokens = requests.map((r) =>
    r.withLink ? crypto.randomBytes(32).toString('base64url') : null,
  )
  const rows = await db()<(SignatureMailContext & { rowId: string; tokenStored: boolean })[]>`
    with wanted as (
      select * from unnest(${requests.map((r) => r.rowId)}::uuid[],
        ${requests.map((r) => r.signatureId)}::uuid[],
        ${tokens.map((token) => (token ? hashToken(token).toString('hex') : null))}::text[])
        w(row_id, signature_id, token_hash)
    ), context as (
      select w.row_id, decode(w.token_hash, 'hex') as token_hash, s.id as signature_id, s.name,
        s.status, p.slug as petition_slug, p.title as petition_title,
        p.title_es as petition_title_es, c.person_name, o.name as organization_name,
        sp.unsubscribe_token, s.language
      from wanted w
      join signatures s on s.id = w.signature_id
      join petitions p on p.id = s.petition_id
      join cases c on c.id = p.case_id
      join organizations o on o.id = p.organization_id
      join supporters sp on sp.id = s.supporter_id
    ), stored as (
      insert into confirmation_tokens (token_hash, signature_id, expires_at)
      select token_hash, signature_id, now() + ${CONFIRMATION_TOKEN_DAYS} * interval '1 day'
      from context
      where token_hash is not null and status = ${'pending' satisfies SignatureStatus}
      returning token_hash
    )
    select row_id, signature_id, name, status, petition_slug, petition_title, petition_title_es,
      person_name, organization_name, unsubscribe_token, language,
      exists (select 1 from stored where stored.token_hash = context.token_hash) as token_stored
    from context`
  const tokenOf = new Map(requests.map((r, i) => [r.rowId, tokens[i] ?? null]))
  for (const { rowId, tokenStored, ...context } of rows)
    result.set(rowId, {
      ...context,
      confirmToken: tokenStored ? (tokenOf.get(rowId) ?? null) : null,
    })
  return result
}

export interface ConfirmationView {
  state: 'valid' | 'expired'
  signatureId: string
  status: SignatureStatus
  petitionSlug: string
  petitionTitle: string
  petitionTitleEs: string | null
}

/** What a confirmation link points at, or null for a token that never existed. */
export async function getConfirmation(token: string): Promise<ConfirmationView | null> {
  const [row] = await db()<(Omit<ConfirmationView, 'state'> & { expired: boolean })[]>`
    select s.id as signature_id, s.status, p.slug as petition_slug, p.title as petition_title,
      p.title_es as petition_title_es, t.expires_at < now() as expired
    from confirmation_tokens t
    join signatures s on s.id = t.signature_id
    join petitions p on p.id = s.petition_id
    where t.token_hash = ${hashToken(token)}`
  if (!row) return null
  const { expired, ...rest } = row
  return { ...rest, state: expired && row.status === 'pending' ? 'expired' : 'valid' }
}

/**
 * Confirms the signature behind a token. Idempotent: only the move from
 * pending to confirmed adds to the count (`counted`). Returns null for an
 * unknown token, 'expired' for an expired one that was never used.
 */
export async function confirmSignature(token: string): Promise<{
  result: 'confirmed' | 'expired'
  petitionSlug: string
  counted: boolean
  /** Webhook deliveries written (signature.confirmed): wake their queue. */
  announced: number
} | null> {
  return db().begin(async (sql) => {
    const [row] = await sql<
      {
        signatureId: string
        petitionId: string
        petitionSlug: string
        status: SignatureStatus
        expired: boolean
      }[]
    >`
      select s.id as signature_id, s.petition_id, p.slug as petition_slug, s.status,
        t.expires_at < now() as expired
      from confirmation_tokens t
      join signatures s on s.id = t.signature_id
      join petitions p on p.id = s.petition_id
      where t.token_hash = ${hashToken(token)}
      for update of s`
    if (!row) return null
    if (row.status === 'pending' && row.expired)
      return {
        result: 'expired' as const,
        petitionSlug: row.petitionSlug,
        counted: false,
        announced: 0,
      }
    const next = statusAfterConfirm(row.status)
    await sql`
      update signatures set status = ${next}, confirmed_at = coalesce(confirmed_at, now())
      where id = ${row.signatureId}`
    const counted = !isCounted(row.status) && isCounted(next)
    if (counted) await recordCountDelta({ petitionId: row.petitionId, delta: 1 }, sql)
    const announced = counted
      ? await emitWebhookEvents(sql, 'signature.confirmed', [row.signatureId])
      : 0
    return { result: 'confirmed' as const, petitionSlug: row.petitionSlug, counted, announced }
  })
}

/** Queues a fresh link for an unconfirmed signature (at most every few minutes). */
export async function resendConfirmation({
  signatureId,
}: {
  signatureId: string
}): Promise<boolean> {
  return db().begin(async (sql) => {
    const [row] = await sql<{ email: string; organizationId: string }[]>`
      update signatures s set confirmation_sent_at = now()
      from petitions p
      where s.id = ${signatureId} and p.id = s.petition_id and s.status = 'pending'
        and (s.confirmation_sent_at is null or s.confirmation_sent_at < now() - interval '5 minutes')
      returning s.email, p.organization_id`
    if (!row) return false
    await enqueueEmail(
      {
        organizationId: row.organizationId,
        template: 'signature.confirm',
        to: row.email,
        props: { signatureId },
      },
      sql,
    )
    return true
  })
}
