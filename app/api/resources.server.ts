/**
 * How the API shows each resource: snake_case, ISO 8601 times with an
 * offset, an `id` and `identifiers`. One function per resource so that a
 * list item and a single resource never drift apart.
 */
import type { ClemencyStructure, OfficialRole } from '~/domain/states'
import type { CaseEvent, CaseOfficial, CaseRow } from '~/models/case.server'
import type { Official } from '~/models/official.server'
import type { PetitionListItem } from '~/models/petition.server'
import type { PublicPetition } from '~/models/petition.server'
import type { SignatureListItem } from '~/models/signature-list.server'
import type { PartnerSupporter, PetitionPartner } from '~/models/partner.server'
import type { Webhook } from '~/models/webhook.server'
import { browserUrl, identifiers, iso } from './envelope.server'
import { sourcesResource, type PetitionCounts } from './petition-counts.server'
import {
  caseEventLinks,
  caseLinks,
  officialLinks,
  partnerSupporterLinks,
  petitionLinks,
  signatureLinks,
  webhookLinks,
} from './links.server'

/** Who decides clemency for a case and the decision makers' roles it lacks (services/clemency). */
export interface CaseClemency {
  structure: ClemencyStructure
  text: string
  sourceUrl: string
  verified: boolean
  corrected: boolean
  decide: OfficialRole[]
  advise: OfficialRole[]
  missing: OfficialRole[]
}

export function caseResource(
  c: CaseRow,
  extra: {
    decisionMakers?: CaseOfficial[]
    timeline?: CaseEvent[]
    clemency?: CaseClemency | null
  } = {},
) {
  return {
    id: c.id,
    identifiers: identifiers(c.id),
    slug: c.slug,
    person_name: c.personName,
    case_number: c.caseNumber,
    jurisdiction: c.jurisdiction,
    court: c.court,
    status: c.status,
    next_date: iso(c.nextDate),
    next_date_kind: c.nextDateKind,
    time_zone: c.timeZone,
    summary: c.summary,
    sources: c.sources,
    browser_url: browserUrl(`/cases/${c.slug}`),
    created_date: iso(c.createdAt),
    modified_date: iso(c.updatedAt),
    ...(extra.decisionMakers
      ? {
          decision_makers: extra.decisionMakers.map((o) => ({
            official_id: o.id,
            name: o.name,
            title: o.title,
            office: o.office,
            role: o.role,
          })),
        }
      : {}),
    ...(extra.timeline ? { timeline: extra.timeline.map((e) => caseEventResource(c.id, e)) } : {}),
    _links: caseLinks({ id: c.id, decisionMakerIds: extra.decisionMakers?.map((o) => o.id) }),
    ...(extra.clemency !== undefined
      ? {
          clemency: extra.clemency && {
            structure: extra.clemency.structure,
            description: extra.clemency.text,
            source_url: extra.clemency.sourceUrl,
            verified: extra.clemency.verified,
            corrected: extra.clemency.corrected,
            decision_roles: extra.clemency.decide,
            advisory_roles: extra.clemency.advise,
            missing_roles: extra.clemency.missing,
          },
        }
      : {}),
  }
}

export function caseEventResource(caseId: string, e: CaseEvent) {
  return {
    id: e.id,
    identifiers: identifiers(e.id),
    kind: e.kind,
    occurred_at: iso(e.occurredAt),
    note: e.note,
    source_url: e.sourceUrl,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    from_date: iso(e.fromDate),
    to_date: iso(e.toDate),
    _links: caseEventLinks({ id: e.id, caseId }),
  }
}

export function officialResource(o: Official) {
  return {
    id: o.id,
    identifiers: identifiers(o.id),
    name: o.name,
    title: o.title,
    office: o.office,
    jurisdiction: o.jurisdiction,
    email: o.email,
    phone: o.phone,
    office_hours: o.officeHours,
    time_zone: o.timeZone,
    _links: officialLinks(o.id),
  }
}

/**
 * A petition as its organization sees it (drafts too), with its targets.
 * `counts.inJurisdiction`: counted signers within the case's jurisdiction,
 * null where Vigil cannot tell (models/signer-regions.server.ts);
 * `counts.sources`: counted signatures per source (decision 035).
 */
export function petitionResource(p: PublicPetition, counts: PetitionCounts) {
  return {
    id: p.id,
    identifiers: identifiers(p.id),
    slug: p.slug,
    title: p.title,
    body: p.body,
    title_es: p.titleEs,
    body_es: p.bodyEs,
    letter_es: p.letterDefaultEs,
    status: p.status,
    total_signatures: p.signatureCount,
    total_signatures_in_jurisdiction: counts.inJurisdiction,
    total_calls: p.callCount,
    sources: sourcesResource(counts.sources),
    goal: p.goal,
    deadline: iso(p.case.nextDate),
    case_id: p.case.id,
    browser_url: browserUrl(`/petitions/${p.slug}`),
    created_date: iso(p.createdAt),
    modified_date: iso(p.updatedAt),
    targets: p.targets.map((t) => ({
      id: t.id,
      identifiers: identifiers(t.id),
      name: t.name,
      title: t.title,
      office: t.office,
      role: t.role,
    })),
    _links: petitionLinks({ id: p.id, caseId: p.case.id, targetIds: p.targets.map((t) => t.id) }),
  }
}

/**
 * A petition as its own organization sees it: with its settings, and a
 * warning when none of its targets can decide clemency in its case's
 * jurisdiction (services/clemency.server.ts; null when someone can).
 */
export function organizerPetitionResource(
  p: PublicPetition,
  counts: PetitionCounts,
  decisionWarning: string | null,
  partners: PetitionPartner[] = [],
) {
  return {
    ...petitionResource(p, counts),
    signer_updates: p.signerUpdates,
    letter_digest: p.letterDigest,
    decision_warning: decisionWarning,
    partners: partnersResource(partners.filter((x) => x.status === 'active')),
  }
}

/**
 * `partners` (decision 043): each active partner's organization, source,
 * counted signatures through that source and signers who let it contact
 * them. A partner reading the petition sees only its own line.
 */
export function partnersResource(partners: PetitionPartner[]) {
  return partners.map((x) => ({
    organization: { id: x.organizationId, name: x.organizationName, slug: x.organizationSlug },
    source: x.source,
    total_signatures: x.totalSignatures,
    total_subscribers: x.totalSubscribers,
  }))
}

/**
 * A petition as an active partner reads it (decision 043): what the public
 * sees, and its own partner line; nothing to change.
 */
export function partnerPetitionResource(
  p: PublicPetition,
  counts: PetitionCounts,
  own: PetitionPartner,
) {
  return { ...petitionResource(p, counts), partners: partnersResource([own]) }
}

/** A signer who let this partner contact them, as an OSDI signature with its person. */
export function partnerSupporterResource(petitionId: string, s: PartnerSupporter) {
  const { given, family } = splitName(s.name)
  return {
    id: s.signatureId,
    identifiers: identifiers(s.signatureId),
    created_date: iso(s.signedAt),
    subscribe: !s.unsubscribed,
    name: s.name,
    person: {
      given_name: given,
      family_name: family,
      email_addresses: [{ address: s.email, primary: true }],
      postal_addresses: [{ postal_code: s.postalCode, country: s.country }],
    },
    _links: partnerSupporterLinks(petitionId),
  }
}

/** A petition in the public list of open petitions. */
export function petitionListResource(p: PetitionListItem, counts: PetitionCounts) {
  return {
    id: p.id,
    identifiers: identifiers(p.id),
    slug: p.slug,
    title: p.title,
    total_signatures: p.signatureCount,
    total_signatures_in_jurisdiction: counts.inJurisdiction,
    total_calls: p.callCount,
    sources: sourcesResource(counts.sources),
    goal: p.goal,
    deadline: iso(p.nextDate),
    case_id: p.caseId,
    browser_url: browserUrl(`/petitions/${p.slug}`),
    _links: petitionLinks({ id: p.id, caseId: p.caseId }),
  }
}

/** First word and the rest: how a single name field splits into OSDI's two. */
function splitName(name: string): { given: string; family: string | null } {
  const [given, ...rest] = name.trim().split(/\s+/)
  return { given: given ?? '', family: rest.length ? rest.join(' ') : null }
}

/** An OSDI signature with its person, emails included (organizers only). */
export function signatureResource(petitionId: string, s: SignatureListItem) {
  const { given, family } = splitName(s.name)
  return {
    id: s.id,
    identifiers: identifiers(s.id),
    status: s.status,
    created_date: iso(s.createdAt),
    confirmed_date: iso(s.confirmedAt),
    comments: s.comment,
    subscribe: s.subscribe,
    public: s.public,
    name: s.name,
    referrer_data: { source: s.source },
    person: {
      given_name: given,
      family_name: family,
      email_addresses: [{ address: s.email, primary: true }],
      postal_addresses: [{ postal_code: s.postalCode, locality: s.locality, country: s.country }],
    },
    _links: signatureLinks({ id: s.id, petitionId }),
  }
}

/** A webhook subscription; its secret only in the answer to the create. */
export function webhookResource(w: Webhook, secret?: string) {
  return {
    id: w.id,
    identifiers: identifiers(w.id),
    url: w.url,
    events: w.events,
    status: w.status,
    ...(secret ? { secret } : {}),
    failing_since: iso(w.failingSince),
    paused_at: iso(w.pausedAt),
    pending_deliveries: w.pending,
    created_date: iso(w.createdAt),
    modified_date: iso(w.updatedAt),
    _links: webhookLinks(w.id),
  }
}
