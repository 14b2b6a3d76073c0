import { OUTCOME_TEMPLATES } from '../../emails/outcome-updates'
import { OUTCOME_TEMPLATES_ES } from '../../emails/outcome-updates-es'
import {
  isCaseResolved,
  outcomeUpdateForCaseStatus,
  petitionStatusForCaseOutcome,
  type OfficialRole,
  type OutcomeUpdate,
} from '~/domain/states'
import {
  createCase,
  dateChanged,
  insertCaseEvent,
  setCaseOfficials,
  settlePetitions,
  updateCaseRecord,
  type CaseChanges,
  type CaseEvent,
  type CaseRow,
} from '~/models/case.server'
import {
  cancelMailForResolvedCase,
  draftOutcomeUpdates,
  retimeDeadlineMessages,
} from '~/models/deadline-mail.server'
import { recordAudit } from '~/models/audit-log.server'
import { emitWebhookEvents } from '~/models/webhook-event.server'
import { transaction, type TransactionSql } from '~/utils/db.server'
import { QUEUES, wake } from '~/utils/jobs.server'
import { forgetPetitionsForSigning } from './petition-signing-state.server'

/**
 * What a change to a case does, in one place (decision 021): in the
 * transaction that changes the case,
 *
 * - a new status settles its open petitions (won, lost or closed when the
 *   case is resolved; a stay or a reprieve leaves them open);
 * - a new date, or a stay imposed or lifted, re-times the campaign mail
 *   timed by its deadline (waiting without a time while the date is not in
 *   force);
 * - a resolved case cancels that mail, the scheduled outreaches about its
 *   petitions and their unsent letter digests;
 * - an outcome (and a `clemency_denied` event) drafts or sends the signer
 *   update from its template (emails/outcome-updates.ts);
 *
 * - the organization's webhooks hear of it (case.updated, with the case as
 *   it is now and its latest timeline entry);
 *
 * and the fan-out is woken when mail is due now.
 */

/**
 * Changes a case (fields, and the decision makers with `officials`); the
 * timeline records a new status or date with the note and source given.
 * Null when the case is not the organization's; UnknownOfficialsError for
 * an official of another organization (nothing changes).
 */
export async function updateCase(input: CaseUpdate): Promise<CaseRow | null> {
  const { updated, mailDue, announced } = await transaction((tx) => applyCaseUpdate(tx, input))
  // Moved or new mail: the fan-out re-reads the schedule (its minute sweep is the backstop).
  if (mailDue) await wake(QUEUES.campaignFanout)
  if (announced) await wake(QUEUES.webhookDelivery)
  return updated
}

export interface CaseUpdate {
  organizationId: string
  caseId: string
  changes: CaseChanges
  /** Replaces the decision makers (see setCaseOfficials). */
  officials?: { officialId: string; role: OfficialRole }[]
  note?: string | null
  sourceUrl?: string | null
  actorId?: string | null
}

/**
 * updateCase's steps in the caller's transaction (a CSV import changes many
 * cases, a batch per transaction); the caller wakes the fan-out when
 * `mailDue` says mail is due now, and the webhooks when `announced`.
 */
export async function applyCaseUpdate(
  tx: TransactionSql,
  input: CaseUpdate,
): Promise<{ updated: CaseRow | null; mailDue: boolean; announced: boolean }> {
  let mailDue = false
  const change = await updateCaseRecord(tx, input)
  if (!change) return { updated: null, mailDue, announced: false }
  const { before, after } = change
  const statusChanged = after.status !== before.status
  if (statusChanged) {
    await settlePetitions(tx, after.id, after.status)
    // Its petitions may close: signing sees it at once here, within a second elsewhere.
    forgetPetitionsForSigning()
  }
  if (statusChanged || dateChanged(before, after)) {
    if ((await retimeDeadlineMessages(tx, after.id)) > 0) mailDue = true
  }
  if (statusChanged) {
    if (isCaseResolved(after.status)) await cancelMailForResolvedCase(tx, after.id, after.status)
    const outcome = outcomeUpdateForCaseStatus(after.status)
    if (outcome && (await offerOutcomeUpdate(tx, after.id, outcome, input.actorId ?? null)))
      mailDue = true
  }
  if (input.officials) await setCaseOfficials({ ...input, officials: input.officials }, tx)
  await auditCaseUpdate(tx, input, before, after)
  const announced = (await emitWebhookEvents(tx, 'case.updated', [after.id])) > 0
  return { updated: after, mailDue, announced }
}

/**
 * Appends an event to one of the organization's cases (null when it is not
 * theirs). A denial of clemency is an outcome signers hear about, though
 * the status stays.
 */
export async function addCaseEvent(
  input: Parameters<typeof insertCaseEvent>[1],
): Promise<CaseEvent | null> {
  let mailDue = false
  let announced = 0
  const event = await transaction(async (tx) => {
    const row = await insertCaseEvent(tx, input)
    if (row && input.kind === 'clemency_denied')
      mailDue = await offerOutcomeUpdate(tx, input.caseId, 'clemency_denied', input.actorId ?? null)
    if (row)
      await recordAudit(
        {
          organizationId: input.organizationId,
          actorId: input.actorId ?? null,
          action: 'case.event_added',
          subjectType: 'case',
          subjectId: input.caseId,
          summary: `Timeline event ${input.kind}${input.note ? `: ${input.note}` : ''}`,
          details: { kind: input.kind, occurredAt: input.occurredAt ?? null },
        },
        tx,
      )
    // A new timeline entry changes the case as its followers see it.
    if (row) announced = await emitWebhookEvents(tx, 'case.updated', [input.caseId])
    return row
  })
  if (mailDue) await wake(QUEUES.campaignFanout)
  if (announced) await wake(QUEUES.webhookDelivery)
  return event
}

/** Drafts (or sends) the signer update for an outcome; true when one is to go now. */
async function offerOutcomeUpdate(
  tx: TransactionSql,
  caseId: string,
  outcome: OutcomeUpdate,
  actorId: string | null,
): Promise<boolean> {
  const template = { ...OUTCOME_TEMPLATES[outcome], es: OUTCOME_TEMPLATES_ES[outcome] }
  const { sent } = await draftOutcomeUpdates(tx, { caseId, outcome, template, actorId })
  return sent !== null
}

const when = (date: Date | null) => (date ? date.toISOString() : 'no date')

/** The audit log's entries for a change to a case (decision 038), in its transaction. */
async function auditCaseUpdate(
  tx: TransactionSql,
  input: CaseUpdate,
  before: CaseRow,
  after: CaseRow,
): Promise<void> {
  const base = {
    organizationId: input.organizationId,
    actorId: input.actorId ?? null,
    subjectType: 'case',
    subjectId: after.id,
  }
  const who = `Case ${after.personName}`
  let logged = false
  if (after.status !== before.status) {
    logged = true
    const settles = petitionStatusForCaseOutcome(after.status)
    await recordAudit(
      {
        ...base,
        action: 'case.status_changed',
        summary: `${who}: ${before.status} → ${after.status}${settles ? ` (open petitions ${settles})` : ''}`,
        details: { from: before.status, to: after.status, note: input.note ?? null },
      },
      tx,
    )
  }
  if (dateChanged(before, after)) {
    logged = true
    await recordAudit(
      {
        ...base,
        action: 'case.date_changed',
        summary: `${who}: next date ${when(before.nextDate)} → ${when(after.nextDate)}`,
        details: { from: before.nextDate, to: after.nextDate, note: input.note ?? null },
      },
      tx,
    )
  }
  if (!logged)
    await recordAudit(
      {
        ...base,
        action: 'case.updated',
        summary: `${who}: edited`,
        details: { fields: Object.keys(input.changes) },
      },
      tx,
    )
}

/** Creates a case (createCase's rules) and writes it to the audit log, in one transaction. */
export async function addCase(input: Parameters<typeof createCase>[0]): Promise<CaseRow> {
  return transaction(async (tx) => {
    const created = await createCase(input, tx)
    await recordAudit(
      {
        organizationId: input.organizationId,
        actorId: input.createdBy ?? null,
        action: 'case.created',
        subjectType: 'case',
        subjectId: created.id,
        summary: `Case ${created.personName} created (${created.status}, next date ${when(created.nextDate)})`,
      },
      tx,
    )
    return created
  })
}
