import { may } from '~/domain/permissions'
import { DomainError } from '~/domain/errors'
import {
  answerPartnerInvitation,
  countPartnerSupporters,
  endPartnership,
  getActivePartnership,
  invitePartner,
  listPartnerSupporters,
  listPetitionPartners,
  type PartnerPetition,
  type PartnerSupporter,
  type PetitionPartner,
} from '~/models/partner.server'
import type { Organizer } from '~/models/organizer.server'
import { recordAudit } from '~/models/audit-log.server'
import { CSV_BOM, csvCell } from '~/models/signature-list.server'

/**
 * Partner organizations on one petition (decision 043), the same steps for
 * every surface: an admin of the petition's organization invites, an admin
 * of the partner answers, an admin of either side ends it. What a partner
 * may read of a petition that is not its own is here too: the numbers and
 * the signers who let it contact them, never anything to change and never
 * another organization's supporters.
 */

class NotAnAdminError extends DomainError {
  constructor() {
    super('conflict', 'Only an admin of your organization may change partners.')
  }
}

function requireAdmin(organizer: Pick<Organizer, 'role'>) {
  if (!may(organizer.role, 'managePartners')) throw new NotAnAdminError()
}

/** Invites an organization (its slug or id) onto the organizer's petition; null when not theirs. */
export async function invitePartnerOrganization({
  organizer,
  petitionId,
  partner,
}: {
  organizer: Pick<Organizer, 'organizationId' | 'userId' | 'role'>
  petitionId: string
  partner: string
}) {
  requireAdmin(organizer)
  const invited = await invitePartner({
    ownerId: organizer.organizationId,
    petitionId,
    partner,
    invitedBy: organizer.userId,
  })
  if (invited)
    await recordAudit({
      organizationId: organizer.organizationId,
      actorId: organizer.userId,
      action: 'partner.invited',
      subjectType: 'petition',
      subjectId: petitionId,
      summary: `Invited ${invited.organizationName} to partner on a petition`,
      details: { partnerId: invited.organizationId },
    })
  return invited
}

/** The partner's admin accepts or declines; false when there is no open invitation. */
export async function answerInvitation({
  organizer,
  petitionId,
  accept,
}: {
  organizer: Pick<Organizer, 'organizationId' | 'userId' | 'role'>
  petitionId: string
  accept: boolean
}): Promise<boolean> {
  requireAdmin(organizer)
  const done = await answerPartnerInvitation({
    partnerId: organizer.organizationId,
    petitionId,
    accept,
  })
  if (done)
    await recordAudit({
      organizationId: organizer.organizationId,
      actorId: organizer.userId,
      action: accept ? 'partner.accepted' : 'partner.declined',
      subjectType: 'petition',
      subjectId: petitionId,
      summary: accept ? 'Became a partner on a petition' : 'Declined to partner on a petition',
    })
  return done
}

/** Either side ends a partnership (or withdraws an invitation); its signatures stay counted. */
export async function endPartner({
  organizer,
  petitionId,
  partnerId,
}: {
  organizer: Pick<Organizer, 'organizationId' | 'userId' | 'role'>
  petitionId: string
  partnerId: string
}): Promise<boolean> {
  requireAdmin(organizer)
  const done = await endPartnership({ actingId: organizer.organizationId, petitionId, partnerId })
  if (done)
    await recordAudit({
      organizationId: organizer.organizationId,
      actorId: organizer.userId,
      action: 'partner.ended',
      subjectType: 'petition',
      subjectId: petitionId,
      summary: 'Ended a partnership on a petition',
      details: { partnerId },
    })
  return done
}

/** The owner's view of its petition's partners, with their numbers. */
export function partnersOfPetition(petitionId: string): Promise<PetitionPartner[]> {
  return listPetitionPartners(petitionId)
}

export interface PartnerView {
  partnership: PartnerPetition
  /** Its own line of the petition's partners: its source and numbers. */
  numbers: PetitionPartner
  supporters: PartnerSupporter[]
  totalSupporters: number
}

/**
 * What an active partner reads of a petition that is not its own: the
 * petition's numbers, its own, and its own consenting supporters (a page).
 * Null when it is not an active partner (a former one included).
 */
export async function partnerView({
  organizationId,
  petitionId,
  limit = 100,
  offset = 0,
}: {
  organizationId: string
  petitionId: string
  limit?: number
  offset?: number
}): Promise<PartnerView | null> {
  const partnership = await getActivePartnership({ organizationId, petitionId })
  if (!partnership) return null
  const scope = { organizationId, petitionId: partnership.petitionId }
  const [partners, supporters, totalSupporters] = await Promise.all([
    listPetitionPartners(partnership.petitionId),
    listPartnerSupporters({ ...scope, limit, offset }),
    countPartnerSupporters(scope),
  ])
  const numbers = partners.find((p) => p.organizationId === organizationId)!
  return { partnership, numbers, supporters, totalSupporters }
}

/** Rows read per query while a partner's CSV is written. */
const CSV_BATCH = 1_000

/**
 * An active partner's own consenting signers of a petition as CSV (the
 * same cells and byte order mark as every Vigil CSV, decision 032), read a
 * batch at a time as the download is read, by signature id (a signature
 * arriving meanwhile never repeats a row or pushes one out). Null when it is not an active
 * partner of the petition.
 */
export async function partnerSupportersCsv({
  organizationId,
  petitionId,
}: {
  organizationId: string
  petitionId: string
}): Promise<{ stream: ReadableStream<Uint8Array>; partnership: PartnerPetition } | null> {
  const partnership = await getActivePartnership({ organizationId, petitionId })
  if (!partnership) return null
  const encoder = new TextEncoder()
  const line = (cells: (string | null)[]) => encoder.encode(`${cells.map(csvCell).join(',')}\r\n`)
  // The zero uuid: before every signature id.
  let afterId = '00000000-0000-0000-0000-000000000000'
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM))
      controller.enqueue(
        line(['name', 'email', 'postal_code', 'country', 'signed_at', 'unsubscribed']),
      )
    },
    async pull(controller) {
      const rows = await listPartnerSupporters({
        organizationId,
        petitionId: partnership.petitionId,
        limit: CSV_BATCH,
        afterId,
      })
      afterId = rows.at(-1)?.signatureId ?? afterId
      for (const r of rows)
        controller.enqueue(
          line([
            r.name,
            r.email,
            r.postalCode,
            r.country,
            r.signedAt.toISOString(),
            r.unsubscribed ? 'yes' : 'no',
          ]),
        )
      if (rows.length < CSV_BATCH) controller.close()
    },
  })
  return { stream, partnership }
}
