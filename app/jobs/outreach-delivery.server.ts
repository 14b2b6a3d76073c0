import { failureText } from '~/domain/errors'
import type { Readable } from 'node:stream'
import { recordFailedAttempt } from '~/models/delivery-attempts.server'
import { getPetitionMergeData, type PetitionMergeData } from '~/models/merge-data.server'
import {
  claimDueOutreachDeliveries,
  finishSentOutreaches,
  getOutreachSendContext,
  isOutreachSending,
  markOutreachDeliverySent,
  nextOutreachDueAt,
  type ClaimedOutreachDelivery,
  type OutreachSendContext,
} from '~/models/outreach-delivery.server'
import { getPetitionDelivery, type PetitionDelivery } from '~/models/merge-data.server'
import { env } from '~/utils/env.server'
import { QUEUES, wake } from '~/utils/jobs.server'
import { fromAddress, isPermanentFailure, sendMail } from '~/mail/transport.server'
import { composeOutreachMail, signersCsv, signersCsvName } from '~/mail/outreach-mail.server'
import { compileMessage, TemplateError, type CompiledMessage } from '~/mail/templates.server'

/**
 * The outreach delivery job: claims due outreach_deliveries rows (SKIP
 * LOCKED, with a lease), sends each official their copy with the petition's
 * count read now, and records the result as soon as the server answers.
 * Same retry policy as campaigns (docs/decisions/020-delivery-engine.md);
 * a handful of rows per outreach, so one at a time and no rate limit.
 */

/** A claimed row is another worker's to take after this long. */
export const OUTREACH_LEASE_SECONDS = 60
/** One copy per claim: a copy with a large attachment on a slow relay still ends within its lease. */
const BATCH = 1
const MAX_RUN_MS = 5 * 60_000

interface OutreachPlan {
  context: OutreachSendContext
  compiled: CompiledMessage | TemplateError
  merge: PetitionMergeData | undefined
  petition: PetitionDelivery | null
  /** Whether each copy carries the signers (a CSV streamed from the database per copy). */
  attachSigners: boolean
}

async function loadPlan(outreachId: string): Promise<OutreachPlan | null> {
  const context = await getOutreachSendContext(outreachId)
  if (!context) return null
  let compiled: CompiledMessage | TemplateError
  try {
    compiled = compileMessage(context)
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error
    compiled = error
  }
  const [merge] = await getPetitionMergeData([context.petitionId])
  const petition = await getPetitionDelivery(context.petitionId)
  return { context, compiled, merge, petition, attachSigners: context.attachSignersCsv }
}

async function deliver(row: ClaimedOutreachDelivery, plan: OutreachPlan | null, appUrl: string) {
  const fail = (error: unknown, permanent: boolean) =>
    recordFailedAttempt('outreach_deliveries', {
      id: row.id,
      error: failureText(error),
      permanent,
      attempts: row.attempts,
      queuedAt: row.queuedAt,
    })
  let mail
  try {
    if (!plan || !plan.merge || !plan.petition)
      throw new TemplateError({ body: ['The outreach or its petition is gone.'] })
    if (plan.compiled instanceof TemplateError) throw plan.compiled
    const attachmentName = plan.attachSigners ? signersCsvName(plan.petition.slug) : null
    mail = {
      attachmentName,
      ...composeOutreachMail({
        compiled: plan.compiled,
        merge: plan.merge,
        petition: plan.petition,
        official: { name: row.officialName, title: row.officialTitle },
        organizerName: plan.context.replyToName,
        attachmentName,
        appUrl,
      }),
    }
  } catch (error) {
    // Never a blank in a sent letter: one that no longer renders fails the row.
    await fail(error, true)
    return
  }
  let csv: Readable | null = null
  try {
    csv = plan.attachSigners
      ? await signersCsv({
          organizationId: plan.context.organizationId,
          petitionId: plan.context.petitionId,
        })
      : null
  } catch (error) {
    await fail(new Error(`The signers could not be read: ${(error as Error).message}`), false)
    return
  }
  const { context } = plan
  let smtpMessageId: string
  try {
    const info = await sendMail({
      from: fromAddress(context.organizationName),
      to: { name: row.officialName, address: row.toAddress },
      ...(context.replyTo
        ? { replyTo: { name: context.replyToName ?? '', address: context.replyTo } }
        : {}),
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      ...(csv && mail.attachmentName
        ? {
            attachments: [{ filename: mail.attachmentName, content: csv, contentType: 'text/csv' }],
          }
        : {}),
    })
    smtpMessageId = info.messageId
  } catch (error) {
    await fail(error, isPermanentFailure(error))
    return
  }
  // Recorded the moment the server said 250: only a crash in between can repeat it.
  await markOutreachDeliverySent({ id: row.id, smtpMessageId })
}

/**
 * Wakes the queue at `at` (pg-boss startAfter): a scheduled outreach's time,
 * a retry, a lease running out. Called when an outreach is created; the
 * minute schedule in worker.server.ts is the backstop for a lost wake-up.
 */
export async function wakeOutreachAt(at: Date): Promise<void> {
  if (at.getTime() <= Date.now()) return wake(QUEUES.outreachDelivery)
  // One waiting wake per second: an outreach scheduled earlier still gets its own.
  const slot = Math.ceil(at.getTime() / 1000)
  await wake(QUEUES.outreachDelivery, {
    startAfter: new Date(slot * 1000),
    singletonKey: `at:${slot}`,
  })
}

/**
 * Sends every due outreach row; returns how many were claimed. Ends by
 * settling finished outreaches and waking itself for the next due row.
 */
export async function sendDueOutreachDeliveries({
  maxRunMs = MAX_RUN_MS,
}: { maxRunMs?: number } = {}): Promise<number> {
  const { appUrl } = env()
  const plans = new Map<string, Promise<OutreachPlan | null>>()
  const started = Date.now()
  let claimed = 0
  for (;;) {
    if (Date.now() - started > maxRunMs) {
      await wake(QUEUES.outreachDelivery)
      break
    }
    const batch = await claimDueOutreachDeliveries({
      limit: BATCH,
      leaseSeconds: OUTREACH_LEASE_SECONDS,
    })
    if (batch.length === 0) break
    claimed += batch.length
    for (const row of batch) {
      // Cancelled meanwhile: the row is already marked cancelled; send nothing.
      if (!(await isOutreachSending(row.outreachId))) continue
      let plan = plans.get(row.outreachId)
      if (!plan) plans.set(row.outreachId, (plan = loadPlan(row.outreachId)))
      await deliver(row, await plan, appUrl)
    }
  }
  await finishSentOutreaches()
  const due = await nextOutreachDueAt()
  // Never an immediate self-wake from here: a row due now is the next run's.
  if (due) await wakeOutreachAt(new Date(Math.max(due.getTime(), Date.now() + 1000)))
  return claimed
}
