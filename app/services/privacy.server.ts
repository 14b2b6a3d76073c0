import { DomainError } from '~/domain/errors'
import { PRIVACY_NOTICE_MAX } from '~/domain/privacy'
import { recordAudit } from '~/models/audit-log.server'
import { getPrivacyNotice, setPrivacyNotice } from '~/models/organization.server'
import {
  eraseSupporterData,
  exportSupporterData,
  type ErasureCounts,
  type SupporterDataExport,
} from '~/models/supporter-data.server'
import { transaction } from '~/utils/db.server'
import { QUEUES, wake } from '~/utils/jobs.server'
import { canonicalEmail } from '~/validation/email'

/**
 * One person's data, asked for or erased (decision 037): the use cases the
 * dashboard (/dashboard/privacy), the API (/api/v1/supporters/…) and the
 * command line (`vigil supporter:export`, `supporter:erase`) share. Each
 * is scoped to one organization and written to its audit log, without the
 * address (the log must not keep what an erasure removed).
 */

export interface PrivacyRequest {
  organizationId: string
  email: string
  /** The organizer; null for the command line. */
  actorId: string | null
}

export interface SupporterExport extends SupporterDataExport {
  email: string
  organizationId: string
  exportedAt: Date
}

export async function exportSupporter(input: PrivacyRequest): Promise<SupporterExport> {
  const email = input.email.trim()
  const data = await exportSupporterData({
    organizationId: input.organizationId,
    canonical: canonicalEmail(email),
    email,
  })
  await recordAudit({
    organizationId: input.organizationId,
    actorId: input.actorId,
    action: 'supporter.exported',
    summary: `Exported one address's data: ${data.signatures.length} signatures`,
    details: { signatures: data.signatures.length, supporters: data.supporters.length },
  })
  return { email, organizationId: input.organizationId, exportedAt: new Date(), ...data }
}

export interface SupporterErasure extends ErasureCounts {
  email: string
  organizationId: string
  erasedAt: Date
}

export async function eraseSupporter(input: PrivacyRequest): Promise<SupporterErasure> {
  const email = input.email.trim()
  const { counts } = await transaction(async (tx) => {
    const result = await eraseSupporterData(tx, {
      organizationId: input.organizationId,
      canonical: canonicalEmail(email),
      email,
    })
    await recordAudit(
      {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: 'supporter.erased',
        summary: `Erased one address's data: ${result.counts.signatures} signatures (${result.counts.countedSignatures} counted)`,
        details: { ...result.counts },
      },
      tx,
    )
    return result
  })
  // The counted ones leave the count at the next roll-up (decision 003).
  if (counts.countedSignatures > 0) await wake(QUEUES.countsRollup)
  return { email, organizationId: input.organizationId, erasedAt: new Date(), ...counts }
}

export async function privacyNoticeOf(organizationId: string): Promise<string | null> {
  return getPrivacyNotice(organizationId)
}

/** Sets the organization's notice; empty goes back to Vigil's default. */
export async function updatePrivacyNotice(input: {
  organizationId: string
  actorId: string | null
  notice: string
}): Promise<void> {
  const notice = input.notice.trim()
  if (notice.length > PRIVACY_NOTICE_MAX)
    throw new DomainError('invalid', 'The notice is too long.', {
      privacy_notice: [`Use at most ${PRIVACY_NOTICE_MAX} characters.`],
    })
  await transaction(async (tx) => {
    await setPrivacyNotice({ organizationId: input.organizationId, notice: notice || null }, tx)
    await recordAudit(
      {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: 'settings.privacy_notice',
        summary: notice ? 'Changed the privacy notice' : 'Went back to the default privacy notice',
      },
      tx,
    )
  })
}

/**
 * Notes a bulk export of signers in the audit log (decision 038): a
 * petition's signatures as CSV, or the organization's OSDI export. Written
 * when the download starts.
 */
export async function noteExport(input: {
  organizationId: string
  actorId: string | null
  kind: 'signatures' | 'organization'
  petition?: { id: string; title: string }
}): Promise<void> {
  await recordAudit({
    organizationId: input.organizationId,
    actorId: input.actorId,
    action: input.kind === 'signatures' ? 'export.signatures' : 'export.organization',
    subjectType: input.petition ? 'petition' : 'organization',
    subjectId: input.petition?.id ?? input.organizationId,
    summary: input.petition
      ? `Downloaded the signatures of "${input.petition.title}"`
      : "Downloaded the organization's people and signatures",
  })
}
