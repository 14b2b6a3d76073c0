/**
 * Every state machine in Vigil has its one source here: the lists below feed
 * the zod enums, the UI and the SQL CHECK constraints (a test compares them
 * with the database), and the functions say which moves are allowed.
 * Pure data: safe to import from the browser bundle.
 */

export const CASE_STATUSES = [
  'pending',
  'scheduled',
  'stayed',
  'rescheduled',
  'reprieved',
  'commuted',
  'pardoned',
  'exonerated',
  'executed',
  'closed',
] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

/** Outcomes after which there is nothing left to petition for. */
export const RESOLVED_CASE_STATUSES = [
  'commuted',
  'pardoned',
  'exonerated',
  'executed',
  'closed',
] as const satisfies readonly CaseStatus[]

export function isCaseResolved(status: CaseStatus): boolean {
  return (RESOLVED_CASE_STATUSES as readonly CaseStatus[]).includes(status)
}

/**
 * Statuses under which the next date is not in force (a stay or a reprieve
 * holds it until a court or governor acts): mail timed by the deadline
 * waits, even if the date is still on record.
 */
export const DEADLINE_SUSPENDED_CASE_STATUSES = [
  'stayed',
  'reprieved',
] as const satisfies readonly CaseStatus[]

export const NEXT_DATE_KINDS = [
  'execution',
  'clemency_hearing',
  'hearing',
  'filing_deadline',
  'other',
] as const
export type NextDateKind = (typeof NEXT_DATE_KINDS)[number]

export const OFFICIAL_ROLES = [
  'governor',
  'president',
  'parole_board_member',
  'pardon_attorney',
  'prosecutor',
  'judge',
  'other',
] as const
export type OfficialRole = (typeof OFFICIAL_ROLES)[number]

export const PETITION_STATUSES = ['draft', 'open', 'closed', 'won', 'lost'] as const
export type PetitionStatus = (typeof PETITION_STATUSES)[number]

/**
 * A draft is published by opening it; once published a petition never goes
 * back to draft (people have signed it), but it may be closed, reopened, or
 * marked won or lost, and an outcome may be corrected.
 */
export function canChangePetitionStatus(from: PetitionStatus, to: PetitionStatus): boolean {
  if (from === to) return true
  if (from === 'draft') return to === 'open'
  return to !== 'draft'
}

/** What a petition can be closed as when its case is resolved. */
export type PetitionOutcome = Extract<PetitionStatus, 'won' | 'lost' | 'closed'>

/**
 * What an open petition becomes when its case moves to `caseStatus`; null
 * means it stays as it is. Only resolved outcomes close a petition: executed
 * is lost; commuted, pardoned and exonerated are won; closed is closed.
 * A reprieve is temporary (the date will come back), and a stay keeps the
 * petition open (the public page says so), so both leave it open; so do
 * pending and scheduled, and rescheduled, whose new date is the petition's
 * deadline already (the deadline is the case's next_date).
 *
 * The move is one way: a case taken back from a resolved status to an active
 * one does not reopen its petitions; the organizer decides that.
 */
export function petitionStatusForCaseOutcome(caseStatus: CaseStatus): PetitionOutcome | null {
  switch (caseStatus) {
    case 'executed':
      return 'lost'
    case 'commuted':
    case 'pardoned':
    case 'exonerated':
      return 'won'
    case 'closed':
      return 'closed'
    case 'pending':
    case 'scheduled':
    case 'stayed':
    case 'rescheduled':
    case 'reprieved':
      return null
  }
}

/**
 * A petition is published once it leaves draft: from then on the public
 * sees it (open, closed, won or lost), and it can be delivered to officials.
 * The SQL form of this rule is PUBLISHED_PETITION in models/rules.server.ts.
 */
export function isPublished(status: PetitionStatus): boolean {
  return status !== 'draft'
}

/** Only an open petition takes signatures. */
export function acceptsSignatures(status: PetitionStatus): boolean {
  return status === 'open'
}

/**
 * pending: not yet confirmed by mail; confirmed: counted; held: over an
 * anti-abuse limit or blocked, waiting for review, sent no mail (a
 * signature held after its mail went out may still be clicked:
 * confirmed_at records it); invalidated: removed by moderation.
 */
export const SIGNATURE_STATUSES = ['pending', 'confirmed', 'held', 'invalidated'] as const
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number]

/** The one rule for the count: a signature counts exactly when it is confirmed. */
export function isCounted(status: SignatureStatus): boolean {
  return status === 'confirmed'
}

/** Confirming a pending signature counts it; a held one stays held until reviewed. */
export function statusAfterConfirm(status: SignatureStatus): SignatureStatus {
  return status === 'pending' ? 'confirmed' : status
}

/*
 * Moderation's moves are set-based SQL in moderation.server.ts (one statement
 * for thousands of signatures), tested there: invalidate any signature not yet
 * invalidated (keeping status_before_invalidation), undo back to that status,
 * hold pending and confirmed ones, release held → confirmed when confirmed_at
 * is set, else pending with its confirmation mail queued.
 */

/**
 * Why a signature is held (models/signature.server.ts decides at signing,
 * moderation by hand): over the per-address or per-domain hourly limit, on
 * the organization's block list, a filled honeypot, or held by an organizer.
 */
export const HOLD_REASONS = [
  'ip_limit',
  'domain_limit',
  'blocked',
  'honeypot',
  'moderator',
] as const
export type HoldReason = (typeof HOLD_REASONS)[number]

/** An organization's abuse lists (models/abuse.server.ts): block (always held) or allow. */
export const ABUSE_RULE_KINDS = ['block', 'allow'] as const
export type AbuseRuleKind = (typeof ABUSE_RULE_KINDS)[number]

/** What a moderation action did (moderation.server.ts); only invalidations can be undone. */
export const MODERATION_ACTION_KINDS = ['invalidate', 'release', 'hold'] as const
export type ModerationActionKind = (typeof MODERATION_ACTION_KINDS)[number]

/**
 * An officials CSV import: checked into a preview, confirmed (queued), run by
 * its job in batches, then done; a failed run is retried from where it stopped.
 */
export const IMPORT_STATUSES = ['preview', 'queued', 'running', 'done', 'failed'] as const
export type ImportStatus = (typeof IMPORT_STATUSES)[number]
/** The officials import's name for the import statuses (cases imports share them). */
export const OFFICIAL_IMPORT_STATUSES = IMPORT_STATUSES
export type OfficialImportStatus = ImportStatus

/**
 * How a logged call to an office went, as the caller reports it. Every
 * outcome is a call made; only the caller's word says which.
 */
export const CALL_OUTCOMES = ['talked', 'voicemail', 'no_answer', 'busy', 'refused'] as const
export type CallOutcome = (typeof CALL_OUTCOMES)[number]

/**
 * Who decides clemency in a jurisdiction (domain/clemency.ts has a row per
 * US death-penalty state, the federal system and the military):
 * the governor alone (a board may advise); the governor only on a board's
 * recommendation; a board alone; a board the governor sits on; the
 * President, advised by the Pardon Attorney.
 */
export const CLEMENCY_STRUCTURES = [
  'governor_alone',
  'governor_on_board_recommendation',
  'board_alone',
  'board_with_governor',
  'president_with_pardon_attorney',
] as const
export type ClemencyStructure = (typeof CLEMENCY_STRUCTURES)[number]

export const MEMBERSHIP_ROLES = ['admin', 'organizer'] as const
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number]
/** A partner organization on a petition (decision 043; what each allows: domain/partners.ts). */
export const PARTNER_STATUSES = ['invited', 'active', 'declined', 'ended'] as const
export type PartnerStatus = (typeof PARTNER_STATUSES)[number]

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const
export type EmailStatus = (typeof EMAIL_STATUSES)[number]

/**
 * A campaign message: a draft is sent now (sending) or later (scheduled);
 * a scheduled or sending message may be cancelled; sending ends in sent
 * once every delivery row is settled.
 */
export const MESSAGE_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] as const
export type MessageStatus = (typeof MESSAGE_STATUSES)[number]

/** Send (now or at a time) from a draft, or move a scheduled message's time. */
export function canSendMessage(status: MessageStatus): boolean {
  return status === 'draft' || status === 'scheduled'
}

/** Anything not yet sent may be cancelled; cancelling twice is harmless. */
export function canCancelMessage(status: MessageStatus): boolean {
  return status !== 'sent'
}

/**
 * One recipient of a message: queued until a worker claims it (sending, a
 * lease), then sent, failed (permanent, or temporary for over 24 h),
 * skipped (unsubscribed or suppressed by the time it was due) or cancelled
 * (the message was).
 */
export const DELIVERY_STATUSES = [
  'queued',
  'sending',
  'sent',
  'failed',
  'skipped',
  'cancelled',
] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/**
 * How often a petition's letters go to its targets: at the top of every hour
 * (UTC), or once a day at DAILY_DIGEST_HOUR in the case's time zone. Either
 * way one last digest goes out before the deadline (letter-digest.server.ts).
 */
export const LETTER_DIGEST_SCHEDULES = ['hourly', 'daily'] as const
export type LetterDigestSchedule = (typeof LETTER_DIGEST_SCHEDULES)[number]

/** scheduled: at the petition's cut-off; final: the last one before the deadline. */
export const LETTER_DIGEST_KINDS = ['scheduled', 'final'] as const
export type LetterDigestKind = (typeof LETTER_DIGEST_KINDS)[number]

/**
 * One digest to one official: queued until a worker claims it (sending, a
 * lease), then sent, or failed (a permanent SMTP refusal, or temporary ones
 * for over 24 hours), like a campaign's delivery rows.
 */
export const LETTER_DIGEST_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const
export type LetterDigestStatus = (typeof LETTER_DIGEST_STATUSES)[number]

export const SUPPRESSION_REASONS = ['unsubscribe', 'bounce', 'complaint', 'manual'] as const
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number]

/**
 * The outcomes a signer update is drafted for, each with its template in
 * emails/outcome-updates.ts: a case moving to one of these statuses, or a
 * `clemency_denied` event on its timeline.
 */
export const OUTCOME_UPDATES = [
  'stayed',
  'rescheduled',
  'reprieved',
  'commuted',
  'pardoned',
  'exonerated',
  'clemency_denied',
  'executed',
] as const
export type OutcomeUpdate = (typeof OUTCOME_UPDATES)[number]

/** The signer update a case's new status calls for, if any. */
export function outcomeUpdateForCaseStatus(status: CaseStatus): OutcomeUpdate | null {
  return (OUTCOME_UPDATES as readonly string[]).includes(status) ? (status as OutcomeUpdate) : null
}

/**
 * What a petition does when its case's outcome changes: offer the organizer
 * a drafted signer update (the default), send it at once, or nothing.
 */
export const SIGNER_UPDATE_MODES = ['offer', 'send', 'off'] as const
export type SignerUpdateMode = (typeof SIGNER_UPDATE_MODES)[number]

/**
 * An outreach to officials: created to send now (sending) or later
 * (scheduled, sending from scheduled_at); sent once every delivery is
 * settled; a scheduled or sending one may be cancelled.
 */
export const OUTREACH_STATUSES = ['scheduled', 'sending', 'sent', 'cancelled'] as const
export type OutreachStatus = (typeof OUTREACH_STATUSES)[number]

export function canCancelOutreach(status: OutreachStatus): boolean {
  return status === 'scheduled' || status === 'sending'
}

/**
 * One official's copy of an outreach: queued until a worker claims it
 * (sending, a lease), then sent or failed (permanent, or temporary for
 * over 24 h), or cancelled with its outreach. The API shows sending as
 * queued: it is an internal lease, not an outcome.
 */
export const OUTREACH_DELIVERY_STATUSES = [
  'queued',
  'sending',
  'sent',
  'failed',
  'cancelled',
] as const
export type OutreachDeliveryStatus = (typeof OUTREACH_DELIVERY_STATUSES)[number]

/**
 * What an organization's webhooks may subscribe to (the contract's list):
 * a signature that now counts, a case changed, a campaign message sent to
 * everyone, one official's copy of an outreach delivered.
 */
export const WEBHOOK_EVENT_TYPES = [
  'signature.confirmed',
  'case.updated',
  'message.sent',
  'outreach.delivered',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

/** Every message a webhook may be sent: its events, and the test an organizer asks for. */
export const WEBHOOK_MESSAGE_TYPES = [...WEBHOOK_EVENT_TYPES, 'webhook.test'] as const
export type WebhookMessageType = (typeof WEBHOOK_MESSAGE_TYPES)[number]

/**
 * A webhook is active until its URL has failed every delivery for 24 hours;
 * then it is paused (its organization is told) and its deliveries wait
 * until someone resumes it.
 */
export const WEBHOOK_STATUSES = ['active', 'paused'] as const
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number]

/**
 * One message to one webhook: queued until a worker claims it (sending, a
 * lease), then sent (a 2xx answer) or failed (no 2xx for 24 hours).
 */
export const WEBHOOK_DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number]

/** Which CHECK constraint carries which list (proved by tests/states.test.ts). */
export const STATE_CHECKS = {
  'cases.status': CASE_STATUSES,
  'cases.next_date_kind': NEXT_DATE_KINDS,
  'case_officials.role': OFFICIAL_ROLES,
  'petitions.status': PETITION_STATUSES,
  'signatures.status': SIGNATURE_STATUSES,
  'signatures.hold_reason': HOLD_REASONS,
  'abuse_rules.kind': ABUSE_RULE_KINDS,
  'memberships.role': MEMBERSHIP_ROLES,
  'invitations.role': MEMBERSHIP_ROLES,
  'petition_partners.status': PARTNER_STATUSES,
  'outbound_emails.status': EMAIL_STATUSES,
  'moderation_actions.kind': MODERATION_ACTION_KINDS,
  'official_imports.status': IMPORT_STATUSES,
  'case_imports.status': IMPORT_STATUSES,
  'call_scripts.role': OFFICIAL_ROLES,
  'calls.outcome': CALL_OUTCOMES,
  'clemency_overrides.structure': CLEMENCY_STRUCTURES,
  'messages.status': MESSAGE_STATUSES,
  'message_deliveries.status': DELIVERY_STATUSES,
  'suppressions.reason': SUPPRESSION_REASONS,
  'petitions.letter_digest': LETTER_DIGEST_SCHEDULES,
  'letter_digests.kind': LETTER_DIGEST_KINDS,
  'letter_digests.status': LETTER_DIGEST_STATUSES,
  'messages.outcome': OUTCOME_UPDATES,
  'petitions.signer_updates': SIGNER_UPDATE_MODES,
  'outreaches.status': OUTREACH_STATUSES,
  'outreach_deliveries.status': OUTREACH_DELIVERY_STATUSES,
  'webhooks.events': WEBHOOK_EVENT_TYPES,
  'webhooks.status': WEBHOOK_STATUSES,
  'webhook_events.type': WEBHOOK_MESSAGE_TYPES,
  'webhook_deliveries.status': WEBHOOK_DELIVERY_STATUSES,
} as const
