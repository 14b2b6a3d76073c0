import type { AuditAction } from '~/domain/audit'
import type { PetitionStatus } from '~/domain/states'
import { recordAudit } from '~/models/audit-log.server'
import {
  createPetition,
  getPetitionForOrganization,
  updatePetition,
  type PetitionChanges,
} from '~/models/petition.server'
import { transaction } from '~/utils/db.server'
import { forgetPetitionsForSigning } from './petition-signing-state.server'

/** What a petition's move to a status is called in the audit log. */
const STATUS_ACTIONS: Record<PetitionStatus, AuditAction> = {
  draft: 'petition.updated',
  open: 'petition.published',
  closed: 'petition.closed',
  won: 'petition.won',
  lost: 'petition.lost',
}

/**
 * Changes one of the organization's petitions (updatePetition's rules), for
 * the dashboard and the API alike, and writes the change to the audit log
 * (decision 038): publishing, closing, won, lost and reopening by name,
 * other edits as an edit. Null when it is not theirs; throws as
 * updatePetition does.
 */
export async function changePetition(input: {
  organizationId: string
  petitionId: string
  changes: PetitionChanges
  actorId: string | null
}): Promise<Awaited<ReturnType<typeof updatePetition>>> {
  const before = await getPetitionForOrganization(input)
  const after = await updatePetition(input)
  forgetPetitionsForSigning()
  if (!before || !after) return after
  const moved = after.status !== before.status
  const action: AuditAction = !moved
    ? 'petition.updated'
    : after.status === 'open' && before.status !== 'draft'
      ? 'petition.reopened'
      : STATUS_ACTIONS[after.status]
  const edited = Object.keys(input.changes).filter(
    (k) => k !== 'status' && input.changes[k as keyof PetitionChanges] !== undefined,
  )
  if (!moved && edited.length === 0) return after
  await recordAudit({
    organizationId: input.organizationId,
    actorId: input.actorId,
    action,
    subjectType: 'petition',
    subjectId: after.id,
    summary: moved
      ? `Petition "${after.title}": ${before.status} → ${after.status}`
      : `Petition "${after.title}": edited (${edited.join(', ')})`,
    details: { from: before.status, to: after.status, fields: edited },
  })
  return after
}

/**
 * Creates a petition (createPetition's rules) and logs it: as published
 * when it is created open, so no publication escapes the audit log.
 */
export async function addPetition(
  input: Parameters<typeof createPetition>[0],
): Promise<Awaited<ReturnType<typeof createPetition>>> {
  return transaction(async (tx) => {
    const petition = await createPetition(input, tx)
    const open = petition.status === 'open'
    await recordAudit(
      {
        organizationId: input.organizationId,
        actorId: input.createdBy ?? null,
        action: open ? 'petition.published' : 'petition.created',
        subjectType: 'petition',
        subjectId: petition.id,
        summary: `Petition "${petition.title}" ${open ? 'created open' : 'created as a draft'}`,
      },
      tx,
    )
    return petition
  })
}
