import type {
  OfficialRole,
  OutreachDeliveryStatus,
  OutreachStatus,
  PetitionStatus,
} from '~/domain/states'

export const OFFICIAL_ROLE_LABELS: Record<OfficialRole, string> = {
  governor: 'Governor',
  president: 'President',
  parole_board_member: 'Parole board member',
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
