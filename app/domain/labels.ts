import type {
  CallOutcome,
  CaseStatus,
  ClemencyStructure,
  HoldReason,
  LetterDigestSchedule,
  LetterDigestStatus,
  MessageStatus,
  ModerationActionKind,
  NextDateKind,
  OfficialRole,
  OutreachDeliveryStatus,
  OutreachStatus,
  PartnerStatus,
  PetitionStatus,
  SignatureStatus,
  SignerUpdateMode,
  SuppressionReason,
} from './states'
import { en } from '~/locales'

/**
 * What each state is called where people read it: every label map, one
 * per state list in states.ts (the compiler proves each covers its list).
 * Pure data, for the browser bundle and the server alike. The states the
 * public reads too take their English words from app/locales/en.json, where
 * every other language finds them: one wording for the dashboard and the
 * public pages.
 */

export const NEXT_DATE_KIND_LABELS: Record<NextDateKind, string> = en.nextDateKind

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = en.caseStatus

export const LETTER_DIGEST_SCHEDULE_LABELS: Record<LetterDigestSchedule, string> = {
  hourly: 'Every hour',
  daily: 'Once a day (8 am in the case’s time zone)',
}

export const SIGNER_UPDATE_MODE_LABELS: Record<SignerUpdateMode, string> = {
  offer: 'Draft an update for me to review',
  send: 'Send the update to signers at once',
  off: 'Do nothing',
}

export const OFFICIAL_ROLE_LABELS: Record<OfficialRole, string> = {
  governor: 'Governor',
  president: 'President',
  parole_board_member: 'Parole board member',
  pardon_attorney: 'Pardon Attorney',
  prosecutor: 'Prosecutor',
  judge: 'Judge',
  other: 'Other',
}

export const PETITION_STATUS_LABELS: Record<PetitionStatus, string> = {
  draft: 'Draft',
  open: 'Open',
  closed: 'Closed',
  won: 'Won',
  lost: 'Lost',
}

export const OUTREACH_STATUS_LABELS: Record<OutreachStatus, string> = {
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  cancelled: 'Cancelled',
}

export const OUTREACH_DELIVERY_LABELS: Record<OutreachDeliveryStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

/** The role as the public case page names it. */
export const PUBLIC_ROLE_LABELS: Record<OfficialRole, string> = en.publicRole

export const MESSAGE_STATUS_LABELS: Record<MessageStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  cancelled: 'Cancelled',
}

export const LETTER_DIGEST_STATUS_LABELS: Record<LetterDigestStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
}

export const HOLD_REASON_LABELS: Record<HoldReason, string> = {
  ip_limit: 'Over the hourly limit for one address',
  domain_limit: 'Over the hourly limit for one email domain',
  blocked: 'On the block list',
  honeypot: 'Filled in the form’s hidden field (a bot)',
  moderator: 'Held by an organizer',
}

export const MODERATION_ACTION_LABELS: Record<ModerationActionKind, string> = {
  invalidate: 'Invalidated',
  release: 'Released',
  hold: 'Held',
}

export const SIGNATURE_STATUS_LABELS: Record<SignatureStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  held: 'Held',
  invalidated: 'Invalidated',
}

export const SUPPRESSION_REASON_LABELS: Record<SuppressionReason, string> = {
  unsubscribe: 'Unsubscribed',
  bounce: 'Bounced',
  complaint: 'Complaint (spam report)',
  manual: 'Added by hand',
}

export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = en.callOutcome

/** Short forms for the dashboard's tables. */
export const CALL_OUTCOME_SHORT_LABELS: Record<CallOutcome, string> = {
  talked: 'Talked',
  voicemail: 'Voicemail',
  no_answer: 'No answer',
  busy: 'Busy',
  refused: 'Refused',
}

export const CLEMENCY_STRUCTURE_LABELS: Record<ClemencyStructure, string> = {
  governor_alone: 'The governor decides alone',
  governor_on_board_recommendation: "The governor decides, only on a board's recommendation",
  board_alone: 'A board decides alone',
  board_with_governor: 'A board on which the governor sits decides',
  president_with_pardon_attorney: 'The President decides, advised by the Pardon Attorney',
}

/** Partner organizations on a petition (decision 043). */
export const PARTNER_STATUS_LABELS: Record<PartnerStatus, string> = {
  invited: 'Invited',
  active: 'Partner',
  declined: 'Declined',
  ended: 'Ended',
}
