import {
  holdSignatures,
  invalidateSignatures,
  releaseHeldSignatures,
  undoModerationAction,
} from '~/models/moderation.server'
import type { AuditAction } from '~/domain/audit'
import { recordAudit } from '~/models/audit-log.server'
import { QUEUES, wake } from '~/utils/jobs.server'

/**
 * Moderation (decisions 005 and 026): invalidating, undoing, holding and
 * releasing are set-based SQL in models/moderation.server.ts; each that
 * changed anything wakes the count and statistics roll-ups, so the
 * petition's numbers move at once rather than at the next sweep, and a
 * release that queued confirmations wakes the mail job.
 */

async function rolledUp<T extends { affected: number } | null>(
  result: Promise<T>,
  audit: {
    organizationId: string
    actorId?: string | null
    petitionId?: string
    action: AuditAction
    what: string
  },
): Promise<T> {
  const done = await result
  if (done?.affected) await Promise.all([wake(QUEUES.countsRollup), wake(QUEUES.statsRollup)])
  // Moderation that touched something is in the audit log (decision 038).
  if (done?.affected)
    await recordAudit({
      organizationId: audit.organizationId,
      actorId: audit.actorId ?? null,
      action: audit.action,
      subjectType: 'petition',
      subjectId: audit.petitionId ?? (done as { petitionId?: string }).petitionId ?? null,
      summary: `${done.affected} signatures ${audit.what}`,
      details: { affected: done.affected },
    })
  return done
}

export function invalidate(input: Parameters<typeof invalidateSignatures>[0]) {
  return rolledUp(invalidateSignatures(input), {
    ...input,
    action: 'moderation.invalidated',
    what: 'invalidated',
  })
}

export function undo(input: Parameters<typeof undoModerationAction>[0]) {
  return rolledUp(undoModerationAction(input), {
    ...input,
    action: 'moderation.undone',
    what: 'restored by undoing a moderation',
  })
}

/**
 * Releases held signatures: the confirmations it queued wake the mail job,
 * and those that count from now on are announced to webhooks
 * (signature.confirmed).
 */
export async function release(input: Parameters<typeof releaseHeldSignatures>[0]) {
  const done = await rolledUp(releaseHeldSignatures(input), {
    ...input,
    action: 'moderation.released',
    what: 'released from review',
  })
  if (done?.mailed) await wake(QUEUES.mailOutbound)
  if (done?.confirmed) await wake(QUEUES.webhookDelivery)
  return done
}

/** Holds a source's recent signatures (one click on the petition's page). */
export function hold(input: Parameters<typeof holdSignatures>[0]) {
  return rolledUp(holdSignatures(input), {
    ...input,
    action: 'moderation.held',
    what: 'held for review',
  })
}
