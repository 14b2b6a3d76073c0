import { DomainError } from '~/domain/errors'
import { db, type TransactionSql } from '~/utils/db.server'
import { isUuid } from '~/utils/uuid'
import { deadlineInForce, publishedPetition } from './rules.server'
import { getMessageForOrganization, MessageStateError, type MessageRow } from './message.server'
import {
  canSendMessage,
  isCaseResolved,
  type CaseStatus,
  type OutcomeUpdate,
} from '~/domain/states'
import { CASE_STATUS_LABELS } from '~/domain/labels'

/**
 * The deadline drives the mail (docs/decisions/021-deadline-driven-mail.md):
 * campaign messages timed relative to a case's next date, which move when
 * the date moves and are cancelled when the case is resolved; and the
 * signer updates drafted (or sent) from the outcome templates in
 * emails/outcome-updates.ts when a case's outcome changes.
 */

/** The most a message may be timed ahead of its deadline: 90 days. */
export const MAX_HOURS_BEFORE_DEADLINE = 2160

/** Why a message cannot be timed by its case's deadline; the text is for the organizer. */
export class DeadlineScheduleError extends DomainError {
  constructor(message: string) {
    super('invalid', message, { hours_before_deadline: [message] })
  }
}

interface TargetCase {
  id: string
  status: CaseStatus
  nextDate: Date | null
}

async function targetCases(messageId: string): Promise<TargetCase[]> {
  return db()<TargetCase[]>`
    select distinct c.id, c.status, c.next_date
    from message_targets t
    join petitions p on p.id = t.petition_id
    join cases c on c.id = p.case_id
    where t.message_id = ${messageId}`
}

/**
 * Schedules a draft (or moves a scheduled message) to go `hours` before
 * its case's next date, and keeps it there: updateCase re-times it when the
 * date moves. The message's petitions must all belong to one case. A case
 * with no date yet leaves the message scheduled without a time, waiting for
 * one. Returns null when the message is not the organization's; throws
 * MessageStateError when it is past sending, DeadlineScheduleError when the
 * case cannot time it.
 */
export async function scheduleMessageBeforeDeadline({
  organizationId,
  messageId,
  hours,
}: {
  organizationId: string
  messageId: string
  hours: number
}): Promise<MessageRow | null> {
  const existing = await getMessageForOrganization({ organizationId, messageId })
  if (!existing) return null
  if (!canSendMessage(existing.status)) throw new MessageStateError(existing.status)
  if (!Number.isInteger(hours) || hours < 0 || hours > MAX_HOURS_BEFORE_DEADLINE)
    throw new DeadlineScheduleError(
      `Hours before the deadline must be a whole number from 0 to ${MAX_HOURS_BEFORE_DEADLINE}.`,
    )
  const cases = await targetCases(messageId)
  if (cases.length !== 1)
    throw new DeadlineScheduleError(
      'A message timed by a deadline must target the petitions of one case only.',
    )
  const kase = cases[0]!
  if (isCaseResolved(kase.status))
    throw new DeadlineScheduleError(
      `The case is ${CASE_STATUS_LABELS[kase.status].toLowerCase()}: there is no deadline to time this message by.`,
    )
  if (kase.nextDate) {
    const at = kase.nextDate.getTime() - hours * 3_600_000
    if (kase.nextDate.getTime() <= Date.now())
      throw new DeadlineScheduleError("The case's date has passed; set its new date first.")
    if (at <= Date.now()) {
      const left = Math.floor((kase.nextDate.getTime() - Date.now()) / 3_600_000)
      throw new DeadlineScheduleError(
        `The deadline is only ${left} hour${left === 1 ? '' : 's'} away: send the message now instead.`,
      )
    }
  }
  const [row] = await db()<{ id: string }[]>`
    update messages m
    set status = 'scheduled', deadline_case_id = ${kase.id}, hours_before_deadline = ${hours},
      scheduled_at = case when ${deadlineInForce('c')} and c.next_date > now()
        then c.next_date - ${hours} * interval '1 hour' end,
      updated_at = now()
    from cases c
    where m.id = ${messageId} and m.organization_id = ${organizationId} and c.id = ${kase.id}
      and m.status in ('draft', 'scheduled') and m.fanned_out_at is null
    returning m.id`
  if (!row) {
    const now = await getMessageForOrganization({ organizationId, messageId })
    throw new MessageStateError(now?.status ?? existing.status)
  }
  return getMessageForOrganization({ organizationId, messageId })
}

/**
 * Re-times the case's deadline-timed messages that have not begun sending,
 * after its next date or status changed: the same offset before the new
 * date (a time that has already come sends at once: the date moved closer
 * than the offset, and the mail is still due before it), or no time while
 * there is no date to come or the case is stayed or reprieved (a date
 * already past never triggers a send). Returns how many moved.
 */
export async function retimeDeadlineMessages(tx: TransactionSql, caseId: string): Promise<number> {
  const moved = await tx`
    update messages m
    set scheduled_at = case when ${deadlineInForce('c')} and c.next_date > now()
        then c.next_date - m.hours_before_deadline * interval '1 hour' end,
      updated_at = now()
    from cases c
    where c.id = ${caseId} and m.deadline_case_id = c.id
      and m.status = 'scheduled' and m.fanned_out_at is null`
  return moved.count
}

/**
 * Stops the mail a resolved case has made pointless, in the transaction
 * that resolves it: campaign messages timed by its deadline, and those
 * scheduled at a fixed time whose every petition is this case's; outreaches
 * to officials about its petitions that are still scheduled; and letter
 * digests not yet sent (recorded as failed with the reason, as the
 * organizer sees them). Mail already sending is left to finish.
 */
export async function cancelMailForResolvedCase(
  tx: TransactionSql,
  caseId: string,
  status: CaseStatus,
): Promise<void> {
  const reason = `The case was resolved (${CASE_STATUS_LABELS[status].toLowerCase()}).`
  await tx`
    update messages m
    set status = 'cancelled', cancelled_at = now(), cancel_reason = ${reason}, updated_at = now()
    where m.status = 'scheduled' and m.fanned_out_at is null
      and (m.deadline_case_id = ${caseId}
        or (exists (select 1 from message_targets t join petitions p on p.id = t.petition_id
                    where t.message_id = m.id and p.case_id = ${caseId})
          and not exists (select 1 from message_targets t join petitions p on p.id = t.petition_id
                          where t.message_id = m.id and p.case_id <> ${caseId})))`
  await tx`
    with cancelled as (
      update outreaches o set status = 'cancelled', cancelled_at = now(), updated_at = now()
      from petitions p
      where p.id = o.petition_id and p.case_id = ${caseId} and o.status = 'scheduled'
      returning o.id
    )
    update outreach_deliveries d set status = 'cancelled', last_error = ${reason}
    from cancelled c where d.outreach_id = c.id and d.status in ('queued', 'sending')`
  await tx`
    update letter_digests g set status = 'failed', last_error = ${`Not sent: ${reason}`}
    from petitions p
    where p.id = g.petition_id and p.case_id = ${caseId} and g.status = 'queued'`
}

/**
 * Drafts the signer update for a case's new outcome from its template
 * (emails/outcome-updates.ts, given by the caller): one message for the petitions set to `offer`
 * (a draft the organizer reviews and sends) and one for those set to `send`
 * (sent at once). Drafts and petitions set to `off` are left out. An offered
 * update already waiting for the same outcome is not drafted twice, and a
 * template that needs a date the case lacks is not drafted at all. Returns
 * whether anything is to be sent now (the caller wakes the fan-out).
 */
export async function draftOutcomeUpdates(
  tx: TransactionSql,
  {
    caseId,
    outcome,
    template,
    actorId,
  }: {
    caseId: string
    outcome: OutcomeUpdate
    template: {
      subject: string
      body: string
      needsNextDate: boolean
      /** Its Spanish version, for signers who signed in Spanish (decision 040). */
      es?: { subject: string; body: string }
    }
    actorId: string | null
  },
): Promise<{ offered: string | null; sent: string | null }> {
  const [kase] = await tx<{ organizationId: string; nextDate: Date | null }[]>`
    select organization_id, next_date from cases where id = ${caseId}`
  if (!kase) return { offered: null, sent: null }
  if (template.needsNextDate && !(kase.nextDate && kase.nextDate.getTime() > Date.now()))
    return { offered: null, sent: null }
  const petitions = await tx<{ id: string; signerUpdates: 'offer' | 'send' }[]>`
    select p.id, p.signer_updates from petitions p
    where p.case_id = ${caseId} and ${publishedPetition('p')}
      and p.signer_updates in ('offer', 'send')
    order by p.id`
  const result: { offered: string | null; sent: string | null } = { offered: null, sent: null }
  for (const mode of ['offer', 'send'] as const) {
    const ids = petitions.filter((p) => p.signerUpdates === mode).map((p) => p.id)
    if (ids.length === 0) continue
    if (mode === 'offer') {
      const [waiting] = await tx`
        select 1 from messages m
        where m.outcome = ${outcome} and m.status = 'draft'
          and exists (select 1 from message_targets t
                      where t.message_id = m.id and t.petition_id = any(${ids}::uuid[]))`
      if (waiting) continue
    }
    const [message] = await tx<{ id: string }[]>`
      insert into messages (organization_id, subject, body, status, scheduled_at, created_by, outcome,
        subject_es, body_es)
      values (${kase.organizationId}, ${template.subject}, ${template.body},
        ${mode === 'send' ? 'sending' : 'draft'}, ${mode === 'send' ? new Date() : null},
        ${actorId}, ${outcome}, ${template.es?.subject ?? null}, ${template.es?.body ?? null})
      returning id`
    await tx`
      insert into message_targets (message_id, petition_id)
      select ${message!.id}, unnest(${ids}::uuid[])`
    result[mode === 'offer' ? 'offered' : 'sent'] = message!.id
  }
  return result
}

export interface DeadlineMessage {
  id: string
  subject: string
  hoursBeforeDeadline: number
  /** Null while the case has no date to come. */
  scheduledAt: Date | null
}

/** The case's messages timed by its deadline that have not begun sending. */
export async function listDeadlineMessages({
  organizationId,
  caseId,
}: {
  organizationId: string
  caseId: string
}): Promise<DeadlineMessage[]> {
  if (!isUuid(caseId)) return []
  return db()<DeadlineMessage[]>`
    select id, subject, hours_before_deadline, scheduled_at from messages
    where organization_id = ${organizationId} and deadline_case_id = ${caseId}
      and status = 'scheduled'
    order by scheduled_at nulls last, created_at`
}

export interface OfferedUpdate {
  id: string
  subject: string
  outcome: OutcomeUpdate
  createdAt: Date
}

/** The case's drafted signer updates still waiting for the organizer. */
export async function listOfferedUpdates({
  organizationId,
  caseId,
}: {
  organizationId: string
  caseId: string
}): Promise<OfferedUpdate[]> {
  if (!isUuid(caseId)) return []
  return db()<OfferedUpdate[]>`
    select m.id, m.subject, m.outcome, m.created_at
    from messages m
    where m.organization_id = ${organizationId} and m.outcome is not null and m.status = 'draft'
      and exists (select 1 from message_targets t join petitions p on p.id = t.petition_id
                  where t.message_id = m.id and p.case_id = ${caseId})
    order by m.created_at desc`
}
