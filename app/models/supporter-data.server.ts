import { db, type Sql, type TransactionSql } from '~/utils/db.server'
import { recordCountDelta } from './count.server'
import { countedSignature } from './rules.server'

/**
 * Everything one organization holds about one email address, and its
 * erasure (decision 037). Scoped by organization: a person who signed two
 * organizations' petitions is two supporters, and each organization sees
 * and erases only its own rows. An address matches by its canonical form
 * (the one that decides who already signed) where Vigil keeps one, and by
 * the addresses actually used (lower case) where mail and calls keep only
 * what was typed.
 */

type Query = Sql | TransactionSql

export interface SupporterDataExport {
  supporters: {
    id: string
    email: string
    name: string
    subscribed: boolean
    unsubscribedAt: Date | null
    createdAt: Date
  }[]
  signatures: {
    id: string
    petitionId: string
    petitionTitle: string
    name: string
    email: string
    postalCode: string
    country: string
    region: string | null
    locality: string | null
    comment: string | null
    letter: string | null
    subscribe: boolean
    public: boolean
    consentText: string | null
    consentedAt: Date | null
    status: string
    confirmedAt: Date | null
    ip: string | null
    userAgent: string | null
    createdAt: Date
  }[]
  campaignMail: {
    messageId: string
    subject: string
    toAddress: string
    status: string
    sentAt: Date | null
  }[]
  otherMail: { template: string; toAddress: string; status: string; sentAt: Date | null }[]
  calls: {
    petitionId: string
    officialId: string
    outcome: string
    ip: string | null
    createdAt: Date
  }[]
  suppressions: { reason: string; detail: string | null; createdAt: Date }[]
  /**
   * As a partner on another organization's petition (decision 043): each
   * consent this person gave it on the sign form, with what of the
   * signature the partner sees (the signature itself is the lead's).
   */
  partnerConsents: {
    petitionId: string
    petitionTitle: string
    petitionOrganization: string
    name: string
    email: string
    postalCode: string
    country: string
    consentText: string
    consentedAt: Date
  }[]
}

export interface ErasureCounts {
  signatures: number
  countedSignatures: number
  supporters: number
  campaignMail: number
  otherMail: number
  calls: number
  webhookEvents: number
  /** Kept: the do-not-mail entries (decision 037). */
  suppressionsKept: number
}

/** The lower-case addresses this person used with the organization (the one asked for too). */
async function addressesUsed(
  sql: Query,
  {
    organizationId,
    canonical,
    email,
  }: { organizationId: string; canonical: string; email: string },
): Promise<string[]> {
  const rows = await sql<{ address: string }[]>`
    select distinct lower(email) as address from supporters
    where organization_id = ${organizationId} and email_canonical = ${canonical}
    union
    select distinct lower(s.email) from signatures s join petitions p on p.id = s.petition_id
    where p.organization_id = ${organizationId} and s.email_canonical = ${canonical}`
  return [...new Set([email.trim().toLowerCase(), canonical, ...rows.map((r) => r.address)])]
}

export async function exportSupporterData({
  organizationId,
  canonical,
  email,
}: {
  organizationId: string
  canonical: string
  email: string
}): Promise<SupporterDataExport> {
  return db().begin('isolation level repeatable read', async (sql) => {
    const addresses = await addressesUsed(sql, { organizationId, canonical, email })
    const supporters = await sql<SupporterDataExport['supporters']>`
      select id, email, name, unsubscribed_at is null as subscribed, unsubscribed_at, created_at
      from supporters where organization_id = ${organizationId} and email_canonical = ${canonical}`
    const signatures = await sql<SupporterDataExport['signatures']>`
      select s.id, s.petition_id, p.title as petition_title, s.name, s.email, s.postal_code,
        s.country, s.region, s.locality, s.comment, s.letter, s.subscribe, s.public,
        s.consent_text, s.consented_at, s.status, s.confirmed_at, host(s.ip) as ip,
        s.user_agent, s.created_at
      from signatures s join petitions p on p.id = s.petition_id
      where p.organization_id = ${organizationId} and s.email_canonical = ${canonical}
      order by s.created_at`
    const campaignMail = await sql<SupporterDataExport['campaignMail']>`
      select d.message_id, m.subject, d.to_address, d.status, d.sent_at
      from message_deliveries d
      join messages m on m.id = d.message_id
      join supporters sup on sup.id = d.supporter_id
      where sup.organization_id = ${organizationId} and sup.email_canonical = ${canonical}
      order by d.created_at`
    const otherMail = await sql<SupporterDataExport['otherMail']>`
      select template, to_address, status, sent_at from outbound_emails
      where organization_id = ${organizationId} and lower(to_address) = any(${addresses})
      order by created_at`
    const calls = await sql<SupporterDataExport['calls']>`
      select c.petition_id, c.official_id, c.outcome, host(c.ip) as ip, c.created_at
      from calls c join petitions p on p.id = c.petition_id
      where p.organization_id = ${organizationId} and lower(c.email) = any(${addresses})
      order by c.created_at`
    const suppressions = await sql<SupporterDataExport['suppressions']>`
      select reason, detail, created_at from suppressions
      where organization_id = ${organizationId} and email_canonical = any(${addresses})`
    const partnerConsents = await sql<SupporterDataExport['partnerConsents']>`
      select s.petition_id, p.title as petition_title, lead.name as petition_organization,
        s.name, s.email, s.postal_code, s.country, c.consent_text, c.consented_at
      from signature_partner_consents c
      join supporters sup on sup.id = c.supporter_id
      join signatures s on s.id = c.signature_id
      join petitions p on p.id = s.petition_id
      join organizations lead on lead.id = p.organization_id
      where c.organization_id = ${organizationId} and sup.email_canonical = ${canonical}
      order by c.consented_at`
    return { supporters, signatures, campaignMail, otherMail, calls, suppressions, partnerConsents }
  })
}

/**
 * Erases one address from one organization, in the caller's transaction:
 * its signatures are deleted (the counted ones leave the count by delta;
 * the statistics' delete trigger takes them out of the figures; their
 * confirmation tokens, moderation records and letter-digest entries go by
 * cascade), its supporter rows with their campaign deliveries, the other
 * mail sent to it, its `signature.confirmed` webhook events and the dev
 * mailbox's copies; its calls stay counted without the email and IP
 * address. Mail being sent at this moment is left to finish.
 */
export async function eraseSupporterData(
  tx: TransactionSql,
  {
    organizationId,
    canonical,
    email,
  }: { organizationId: string; canonical: string; email: string },
): Promise<{ counts: ErasureCounts; petitionIds: string[] }> {
  const addresses = await addressesUsed(tx, { organizationId, canonical, email })
  const signatures = await tx<{ id: string; petitionId: string; counted: boolean }[]>`
    select s.id, s.petition_id, ${countedSignature('s')} as counted
    from signatures s join petitions p on p.id = s.petition_id
    where p.organization_id = ${organizationId} and s.email_canonical = ${canonical}
    for update of s`
  const ids = signatures.map((s) => s.id)
  const byPetition = new Map<string, number>()
  for (const s of signatures)
    if (s.counted) byPetition.set(s.petitionId, (byPetition.get(s.petitionId) ?? 0) + 1)
  for (const [petitionId, n] of byPetition) await recordCountDelta({ petitionId, delta: -n }, tx)

  const webhookEvents = await tx`
    delete from webhook_events
    where organization_id = ${organizationId} and type = 'signature.confirmed'
      and data ->> 'id' = any(${ids}::text[])
    returning 1`
  const otherMail = await tx`
    delete from outbound_emails
    where organization_id = ${organizationId} and status <> 'sending'
      and (lower(to_address) = any(${addresses}) or props ->> 'signatureId' = any(${ids}::text[]))
    returning 1`
  await tx`
    delete from dev_mailbox
    where organization_id = ${organizationId}
      and exists (select 1 from unnest(recipients) r where lower(r) = any(${addresses}))`
  await tx`delete from signatures where id = any(${ids}::uuid[])`
  const [campaign] = await tx<{ n: number }[]>`
    select count(*)::int as n from message_deliveries d
    join supporters sup on sup.id = d.supporter_id
    where sup.organization_id = ${organizationId} and sup.email_canonical = ${canonical}`
  const supporters = await tx`
    delete from supporters
    where organization_id = ${organizationId} and email_canonical = ${canonical}
    returning 1`
  const calls = await tx`
    update calls c set email = null, ip = null
    from petitions p
    where p.id = c.petition_id and p.organization_id = ${organizationId}
      and lower(c.email) = any(${addresses})
    returning 1`
  const [kept] = await tx<{ n: number }[]>`
    select count(*)::int as n from suppressions
    where organization_id = ${organizationId} and email_canonical = any(${addresses})`
  return {
    counts: {
      signatures: ids.length,
      countedSignatures: [...byPetition.values()].reduce((a, b) => a + b, 0),
      supporters: supporters.length,
      campaignMail: campaign!.n,
      otherMail: otherMail.length,
      calls: calls.length,
      webhookEvents: webhookEvents.length,
      suppressionsKept: kept!.n,
    },
    petitionIds: [...new Set(signatures.map((s) => s.petitionId))],
  }
}
