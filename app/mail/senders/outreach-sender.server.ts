import type { Readable } from 'node:stream'
import {
  getPetitionDelivery,
  getPetitionMergeData,
  type PetitionDelivery,
  type PetitionMergeData,
} from '~/models/merge-data.server'
import {
  finishSentOutreaches,
  getOutreachSendContext,
  isOutreachSending,
  OUTREACH_DELIVERIES,
  type OutreachCopy,
  type OutreachSendContext,
} from '~/models/outreach-delivery.server'
import { isConnectionLoss } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { QUEUES, wake } from '~/utils/jobs.server'
import { jurisdictionCount } from '~/models/signer-regions.server'
import { formatDate } from '~/utils/time'
import { composeOutreachMail, signersCsv, signersCsvName } from '../outreach-mail.server'
import { preparePacket, type PreparedPacket } from '../packet-attachment.server'
import { compileMessage, TemplateError, type CompiledMessage } from '../templates.server'
import { fromAddress } from '../transport.server'
import { runSender, type RunOptions } from './pipeline.server'

/**
 * The outreach sender: each official their copy, with the petition's count
 * read as it leaves, through the delivery queue's send loop. A handful of
 * rows per outreach, so one at a time and no rate limit.
 * See docs/decisions/022-outreach.md.
 */

interface OutreachPlan {
  context: OutreachSendContext
  compiled: CompiledMessage | TemplateError
  merge: PetitionMergeData | undefined
  petition: PetitionDelivery | null
  inJurisdiction: number | null
  /** Written once per outreach and run; each copy attaches the same file. */
  packet: PreparedPacket | null
}

async function loadPlan(outreachId: string, appUrl: string): Promise<OutreachPlan | null> {
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
  const inJurisdiction = petition
    ? await jurisdictionCount({ id: petition.petitionId, jurisdiction: petition.jurisdiction })
    : null
  const packet =
    petition && context.attachPacket
      ? await preparePacket({
          organizationId: context.organizationId,
          petitionId: context.petitionId,
          appUrl,
        })
      : null
  return { context, compiled, merge, petition, inJurisdiction, packet }
}

/** The packet as the outreach mail names it: attached, or a link with its expiry and size. */
function packetProps(packet: PreparedPacket | null, timeZone: string) {
  if (!packet) return null
  return {
    filename: packet.filename,
    link: packet.link
      ? {
          url: packet.link.url,
          until: formatDate(packet.link.expiresAt, timeZone),
          size: `${(packet.bytes / 1024 / 1024).toFixed(1)} MB`,
        }
      : null,
  }
}

/** The signers as a CSV stream read from the database as the copy is written. */
async function signersAttachment(context: OutreachSendContext): Promise<Readable> {
  try {
    return await signersCsv({
      organizationId: context.organizationId,
      petitionId: context.petitionId,
    })
  } catch (error) {
    if (isConnectionLoss(error)) throw error
    throw new Error(`The signers could not be read: ${(error as Error).message}`)
  }
}

/**
 * Sends every due outreach copy; returns how many were claimed. Ends by
 * settling finished outreaches and waking itself for the next due copy.
 */
export async function sendDueOutreachDeliveries(options: RunOptions = {}): Promise<number> {
  const { appUrl } = env()
  const plans = new Map<string, Promise<OutreachPlan | null>>()
  const plan = (outreachId: string) => {
    let loading = plans.get(outreachId)
    if (!loading) {
      loading = loadPlan(outreachId, appUrl)
      loading.catch(() => plans.delete(outreachId))
      plans.set(outreachId, loading)
    }
    return loading
  }
  try {
    return await runSender<OutreachCopy>(
      {
        kind: OUTREACH_DELIVERIES,
        queue: QUEUES.outreachDelivery,
        concurrency: 1,
        // One copy per claim: a copy with a large attachment on a slow relay still ends within its lease.
        batchSize: 1,
        async compose(row) {
          // Cancelled meanwhile: the row is already marked cancelled.
          if (!(await isOutreachSending(row.outreachId))) return 'cancelled'
          const loaded = await plan(row.outreachId)
          if (!loaded || !loaded.merge || !loaded.petition)
            throw new TemplateError({ body: ['The outreach or its petition is gone.'] })
          const { context, compiled } = loaded
          if (compiled instanceof TemplateError) throw compiled
          const attachmentName = context.attachSignersCsv
            ? signersCsvName(loaded.petition.slug)
            : null
          const mail = composeOutreachMail({
            compiled,
            merge: loaded.merge,
            petition: loaded.petition,
            official: { name: row.officialName, title: row.officialTitle },
            organizerName: context.replyToName,
            attachmentName,
            packet: packetProps(loaded.packet, loaded.petition.timeZone),
            inJurisdiction: loaded.inJurisdiction,
            appUrl,
          })
          const csv = attachmentName ? await signersAttachment(context) : null
          const attachments = [
            ...(csv && attachmentName
              ? [{ filename: attachmentName, content: csv, contentType: 'text/csv' }]
              : []),
            ...(loaded.packet?.path
              ? [
                  {
                    filename: loaded.packet.filename,
                    path: loaded.packet.path,
                    contentType: 'application/pdf',
                  },
                ]
              : []),
          ]
          return {
            from: fromAddress(context.organizationName),
            to: { name: row.officialName, address: row.toAddress },
            ...(context.replyTo
              ? { replyTo: { name: context.replyToName ?? '', address: context.replyTo } }
              : {}),
            subject: mail.subject,
            html: mail.html,
            text: mail.text,
            ...(attachments.length > 0 ? { attachments } : {}),
          }
        },
        async finish() {
          await finishSentOutreaches()
          // Copies recorded as sent were announced (outreach.delivered) in their record.
          await wake(QUEUES.webhookDelivery)
        },
      },
      options,
    )
  } finally {
    // The packets' temporary files: a later run writes them afresh, with the count of then.
    for (const loading of plans.values())
      await loading.then((plan) => plan?.packet?.discard()).catch(() => {})
  }
}
