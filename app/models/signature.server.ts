import { DomainError } from '~/domain/errors'
import crypto from 'node:crypto'
import { emailDomain, isPublicMailDomain } from '~/domain/abuse'
import { db, type TransactionSql } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { randomString } from '~/utils/random.server'
import { canonicalEmail } from '~/validation/email'
import type { SignatureInput } from '~/validation/signature'
import { recordCountDelta } from './count.server'
import { acceptingPetition } from './rules.server'
import { enqueueEmail, type EmailTemplate } from './outbound-email.server'
import { emitWebhookEvents } from './webhook-event.server'
import {
  acceptsSignatures,
  isCounted,
  statusAfterConfirm,
  type HoldReason,
  type PetitionStatus,
  type SignatureStatus,
} from '~/domain/states'
import { regionForPostalCode } from '~/domain/regions'

/**
 * Signatures to one petition within an hour, from one client address or
 * one email domain, before new ones are held (VIGIL_SIGN_LIMIT_PER_IP,
 * VIGIL_SIGN_LIMIT_PER_DOMAIN).
 */
export function signLimits(): { perIp: number; perDomain: number } {
  const settings = env()
  return {
    perIp: settings.VIGIL_SIGN_LIMIT_PER_IP,
    perDomain: settings.VIGIL_SIGN_LIMIT_PER_DOMAIN,
  }
}
/** How often a still-unconfirmed signer may be sent the confirmation again. */
export const CONFIRMATION_RESEND_INTERVAL_MS = 3_600_000
/** How many "you already signed" notices one signature may trigger. */
export const MAX_DUPLICATE_NOTICES = 3
export const CONFIRMATION_TOKEN_DAYS = 7

export class PetitionNotOpenError extends DomainError {
  constructor(public status: PetitionStatus) {
    super('conflict', `This petition is ${status === 'draft' ? 'not published yet' : 'closed'}.`)
  }
}

export interface SignRequest extends Omit<SignatureInput, 'source'> {
  /** What brought the signer (domain/sources.ts); none when absent. */
  source?: string | null
  petitionId: string
  organizationId: string
  petitionStatus: PetitionStatus
  consentText: string
  ip: string | null
  userAgent: string | null
  /** Held for review whatever the limits say (e.g. a honeypot was filled). */
  hold?: boolean
  /** The language they signed in (English when not given): their mail follows it (decision 039). */
  language?: string
}

/** `held`: stored, held for review (answered to the signer exactly as `created`). */
export type SignOutcome = 'created' | 'held' | 'duplicate'

/**
 * Records a signature and queues its confirmation mail, atomically. A repeat
 * signature (same canonical email) stores nothing and is answered like the
 * first; the repeat may queue a reminder, within limits. Nothing here updates
 * the petition row: the count moves only on confirmation, by delta.
 *
 * A new signature is one statement (supporter upsert, the organization's
 * block and allow lists, the per-address and per-domain limits, the
 * signature, its confirmation mail row) rather than a transaction of
 * several: one round trip instead of six, which is what lets a surge of
 * signers through on a small machine. Only a repeat takes a second trip.
 *
 * **When a signature is held** (this statement is the rule; decision 026):
 * a filled honeypot (`hold`); the address or the email domain on the
 * organization's block list; or, unless allowed, the address's or the
 * domain's signatures to this petition in the last hour, held ones left
 * out, at the limit (the domain limit never for a large public provider:
 * domain/abuse.ts). Counted from the signature rows, so every instance
 * shares the limits. A held signature is answered like any other, gets
 * no mail and does not count; releasing it (moderation.server.ts) queues
 * its confirmation.
 */
export async function signPetition(input: SignRequest): Promise<SignOutcome> {
  if (!acceptsSignatures(input.petitionStatus)) throw new PetitionNotOpenError(input.petitionStatus)
  const emailCanonical = canonicalEmail(input.email)
  const domain = emailDomain(emailCanonical)
  const limits = signLimits()
  const sql = db()
  const [answer] = await sql<
    { accepting: boolean; id: string | null; status: SignatureStatus | null }[]
  >`
    with accepting as (
      -- The petition as it is now: the caller's status may be a second old
      -- (services/petition-signing-state.server.ts); a closed one stores nothing.
      select 1 from petitions p where p.id = ${input.petitionId} and ${acceptingPetition('p')}
    ), supporter as (
      insert into supporters (organization_id, email, email_canonical, name, unsubscribe_token,
        language)
      select ${input.organizationId}, ${input.email}, ${emailCanonical}, ${input.name},
        ${randomString(18, 'base64url')}, ${input.language ?? 'en'}
      from accepting
      on conflict (organization_id, email_canonical) do update
        set updated_at = now(), language = excluded.language
      returning id
    ), listed as (
      select coalesce(bool_or(kind = 'block'), false) as blocked,
        coalesce(bool_or(kind = 'allow' and cidr is not null), false) as address_allowed,
        coalesce(bool_or(kind = 'allow' and domain is not null), false) as domain_allowed
      from abuse_rules
      where organization_id = ${input.organizationId}
        and (${input.ip}::inet <<= cidr or domain = ${domain})
    ), recent_ip as (
      -- Bounded: never reads more than the limit's worth of index entries
      -- (signatures_ip_unheld_idx, in its own order: without it, a new
      -- petition whose rows the statistics have not seen yet, exactly the
      -- one in a surge, got a scan of all its signatures per signature).
      select count(*)::int as n from (
        select 1 from signatures
        where petition_id = ${input.petitionId} and ip = ${input.ip} and status <> 'held'
          and created_at > now() - interval '1 hour'
        order by petition_id, ip, created_at desc
        limit ${limits.perIp}
      ) r
    ), recent_domain as (
      select count(*)::int as n from (
        -- By signatures_domain_limit_idx's expression alone, so that index is
        -- read whatever the statistics know of the petition (migration 00060).
        select 1 from signatures
        where ${!isPublicMailDomain(domain)}
          and ((petition_id::text || '@') || split_part(email_canonical, '@', 2))
            = ${input.petitionId}::uuid::text || '@' || ${domain}
          and status <> 'held' and created_at > now() - interval '1 hour'
        order by ((petition_id::text || '@') || split_part(email_canonical, '@', 2)),
          created_at desc
        limit ${limits.perDomain}
      ) r
    ), verdict as (
      select case
          when ${!!input.hold} then ${'honeypot' satisfies HoldReason}
          when listed.blocked then ${'blocked' satisfies HoldReason}
          when not listed.address_allowed and (select n from recent_ip) >= ${limits.perIp}
            then ${'ip_limit' satisfies HoldReason}
          when not listed.domain_allowed and (select n from recent_domain) >= ${limits.perDomain}
            then ${'domain_limit' satisfies HoldReason}
        end as hold_reason
      from listed
    ), created as (
      insert into signatures (petition_id, supporter_id, name, email, email_canonical, postal_code,
        country, region, locality, comment, letter, subscribe, public, consent_text, consented_at,
        status, hold_reason, ip, user_agent, confirmation_sent_at, source, language)
      select ${input.petitionId}, supporter.id, ${input.name}, ${input.email}, ${emailCanonical},
        ${input.postalCode}, ${input.country}, ${regionForPostalCode(input.country, input.postalCode)},
        ${input.locality ?? null}, ${input.comment ?? null},
        ${input.letter ?? null}, ${input.subscribe}, ${input.public},
        ${input.subscribe ? input.consentText : null}, ${input.subscribe ? new Date() : null},
        case when verdict.hold_reason is null then ${'pending' satisfies SignatureStatus}
          else ${'held' satisfies SignatureStatus} end,
        verdict.hold_reason, ${input.ip}, ${input.userAgent?.slice(0, 500) ?? null},
        case when verdict.hold_reason is null then now() end, ${input.source ?? null},
        ${input.language ?? 'en'}
      from supporter, verdict
      on conflict (petition_id, email_canonical) do nothing
      returning id, status
    ), mail as (
      -- The row enqueueEmail() writes for this template, here to save a
      -- round trip; a held signature gets none (no mail to an address a
      -- flood may have made up).
      insert into outbound_emails (organization_id, template, to_address, props)
      select ${input.organizationId}, ${'signature.confirm' satisfies EmailTemplate}, ${input.email},
        jsonb_build_object('signatureId', created.id)
      from created where created.status = ${'pending' satisfies SignatureStatus}
    )
    select exists (select 1 from accepting) as accepting, created.id, created.status
    from (values (1)) as one left join created on true`
  if (!answer?.accepting) throw new PetitionNotOpenError(await currentStatus(input.petitionId))
  const created = answer.id ? answer : null
  if (!created) await sql.begin((tx) => remindRepeatSigner(tx, input, emailCanonical))
  if (!created) return 'duplicate'
  return created.status === 'held' ? 'held' : 'created'
}

/** A petition's status now (closed when it is gone). */
async function currentStatus(petitionId: string): Promise<PetitionStatus> {
  const [row] = await db()<{ status: PetitionStatus }[]>`
    select status from petitions where id = ${petitionId}`
  return row?.status ?? 'closed'
}

/** Queues a reminder for a repeat signer when the limits allow; returns whether it did. */
async function remindRepeatSigner(
  sql: TransactionSql,
  input: SignRequest,
  emailCanonical: string,
): Promise<boolean> {
  const [existing] = await sql<
    {
      id: string
      status: SignatureStatus
      confirmationSentAt: Date | null
      duplicateNotices: number
    }[]
  >`
    select id, status, confirmation_sent_at, duplicate_notices from signatures
    where petition_id = ${input.petitionId} and email_canonical = ${emailCanonical}
    for update`
  // A held signature gets no mail of any kind until it is released.
  if (!existing || existing.status === 'invalidated' || existing.status === 'held') return false
  const now = Date.now()
  if (existing.status === 'pending') {
    const last = existing.confirmationSentAt?.getTime() ?? 0
    if (now - last < CONFIRMATION_RESEND_INTERVAL_MS) return false
    await sql`update signatures set confirmation_sent_at = now() where id = ${existing.id}`
    await enqueueEmail(
      {
        organizationId: input.organizationId,
        template: 'signature.confirm',
        to: input.email,
        props: { signatureId: existing.id },
      },
      sql,
    )
    return true
  }
  if (existing.duplicateNotices >= MAX_DUPLICATE_NOTICES) return false
  await sql`
    update signatures set duplicate_notices = duplicate_notices + 1, duplicate_notice_at = now()
    where id = ${existing.id}`
  await enqueueEmail(
    {
      organizationId: input.organizationId,
      template: 'signature.already-signed',
      to: input.email,
      props: { signatureId: existing.id },
    },
    sql,
  )
  return true
}

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

/** What a signer's mail needs, read when it is sent (never stale). */
export async function getSignatureMailContext(
  signatureId: string,
): Promise<SignatureMailContext | null> {
  const [row] = await db()<SignatureMailContext[]>`
    select s.id as signature_id, s.name, s.status, p.slug as petition_slug,
      p.title as petition_title, p.title_es as petition_title_es, c.person_name,
      o.name as organization_name, sp.unsubscribe_token, s.language
    from signatures s
    join petitions p on p.id = s.petition_id
    join cases c on c.id = p.case_id
    join organizations o on o.id = p.organization_id
    join supporters sp on sp.id = s.supporter_id
    where s.id = ${signatureId}`
  return row ?? null
}
