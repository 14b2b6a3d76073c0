import { DomainError } from '~/domain/errors'
import { emailDomain, isPublicMailDomain } from '~/domain/abuse'
import { db, type TransactionSql } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { randomString } from '~/utils/random.server'
import { canonicalEmail } from '~/validation/email'
import type { SignatureInput } from '~/validation/signature'
import { acceptingPetition } from './rules.server'
import { enqueueEmail, type EmailTemplate } from './outbound-email.server'
import {
  acceptsSignatures,
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

export class PetitionNotOpenError extends DomainError {
  constructor(public status: PetitionStatus) {
    super('conflict', `This petition is ${status === 'draft' ? 'not published yet' : 'closed'}.`)
  }
}

export interface SignRequest extends Omit<SignatureInput, 'source' | 'subscribe_partner'> {
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
  /** Consent to active partner organizations, with the text each box showed (decision 043). */
  partnerConsents?: { organizationId: string; consentText: string }[]
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
  const partners = input.partnerConsents ?? []
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
    ), consent as (
      select * from unnest(${partners.map((p) => p.organizationId)}::uuid[],
        ${partners.map((p) => p.consentText)}::text[],
        ${partners.map(() => randomString(18, 'base64url'))}::text[]) c(org, txt, token)
      where exists (select 1 from created) and exists (select 1 from petition_partners pp
        where pp.petition_id = ${input.petitionId} and pp.organization_id = c.org and pp.status = 'active')
    ), partner_supporter as (
      -- Each partner keeps its own supporter row: its own unsubscribe (decision 043).
      insert into supporters (organization_id, email, email_canonical, name, unsubscribe_token,
        language)
      select org, ${input.email}, ${emailCanonical}, ${input.name}, token, ${input.language ?? 'en'}
      from consent
      on conflict (organization_id, email_canonical) do update set updated_at = now()
      returning id, organization_id
    ), partner_consent as (
      insert into signature_partner_consents (signature_id, organization_id, supporter_id, consent_text)
      select created.id, ps.organization_id, ps.id, consent.txt
      from created, partner_supporter ps join consent on consent.org = ps.organization_id
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
