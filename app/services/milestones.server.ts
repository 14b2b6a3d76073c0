import { DomainError, NOT_VALID } from '~/domain/errors'
import { suggestedGoal } from '~/domain/milestones'
import {
  organizerAddresses,
  recordReachedMilestones,
  type ReachedMilestone,
} from '~/models/milestone.server'
import { enqueueEmail } from '~/models/outbound-email.server'
import { getPetitionForOrganization, updatePetition } from '~/models/petition.server'
import { transaction } from '~/utils/db.server'
import { QUEUES, wake } from '~/utils/jobs.server'

/**
 * Milestones (decision 028): seen where the count moves, in the roll-up
 * job, after each fold of deltas. Each is recorded once; the organizers
 * get one mail for the highest milestone a roll-up passed (a petition that
 * leapt from 20% to 80% gets one mail, not three), through the delivery
 * queue like all transactional mail.
 */
export async function noticeMilestones(petitionIds: string[]): Promise<number> {
  if (petitionIds.length === 0) return 0
  const announced = await transaction(async (tx) => {
    const reached = await recordReachedMilestones({ petitionIds }, tx)
    const highest = new Map<string, ReachedMilestone>()
    for (const m of reached)
      if ((highest.get(m.petitionId)?.percent ?? 0) < m.percent) highest.set(m.petitionId, m)
    for (const m of highest.values())
      for (const organizer of await organizerAddresses(m.organizationId, tx))
        await enqueueEmail(
          {
            organizationId: m.organizationId,
            template: 'petition.milestone',
            to: organizer.email,
            props: { petitionId: m.petitionId, percent: m.percent, goal: m.goal },
          },
          tx,
        )
    return highest.size
  })
  if (announced > 0) await wake(QUEUES.mailOutbound)
  return announced
}

export class GoalNotHigherError extends DomainError {
  constructor(goal: number) {
    const message = `The new goal must be above the present one (${goal.toLocaleString('en-US')}).`
    super('invalid', NOT_VALID, { goal: [message] })
  }
}

/**
 * Raises a petition's goal (the dashboard's one click: to suggestedGoal
 * unless a goal is given). The milestones the count has already passed
 * for the new goal are recorded silently: nobody is told "25%" the moment
 * they raised it. Null when the petition is not the organization's.
 */
export async function raiseGoal({
  organizationId,
  petitionId,
  goal,
}: {
  organizationId: string
  petitionId: string
  goal?: number
}): Promise<{ goal: number } | null> {
  const petition = await getPetitionForOrganization({ organizationId, petitionId })
  if (!petition) return null
  const next = goal ?? suggestedGoal(petition.signatureCount, petition.goal)
  if (!Number.isInteger(next) || next <= petition.goal) throw new GoalNotHigherError(petition.goal)
  await updatePetition({ organizationId, petitionId, changes: { goal: next } })
  await recordReachedMilestones({ petitionIds: [petitionId], announce: false })
  return { goal: next }
}
