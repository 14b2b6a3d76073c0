import { NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { jurisdictionRegion, regionName } from '~/domain/regions'
import { groupLabel, packetSigners } from '~/models/packet.server'
import { getPetitionForOrganization } from '~/models/petition.server'
import { countInJurisdictions } from '~/models/signer-regions.server'
import { markdownToBlocks } from '~/utils/markdown.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { packetPdf } from './packet-pdf.server'

/**
 * The delivery packet composed from the petition as it stands: its cover
 * (counts read now), text, decision makers and signers (decision 028). Used
 * by services/packets.server.ts (the dashboard, the API, the signed link)
 * and by the outreach sender, which attaches it.
 */

export interface ComposedPacket {
  filename: string
  stream: ReadableStream<Uint8Array>
}

/** "Texas", "Canada", "the United States". */
export function regionLabel(region: string): string {
  if (region === 'US') return 'the United States'
  return region.includes('-') ? regionName(region) : groupLabel(region)
}

/**
 * The packet as a stream (written as it is read), or null when the
 * petition is not the organization's. `region`: a checked code (one state,
 * or one country) or null for every signer.
 */
export async function composePacket({
  organizationId,
  petitionId,
  region,
  includeLetters = false,
  now = new Date(),
}: {
  organizationId: string
  petitionId: string
  region: string | null
  includeLetters?: boolean
  now?: Date
}): Promise<ComposedPacket | null> {
  const petition = await getPetitionForOrganization({ organizationId, petitionId })
  if (!petition) return null
  const kase = petition.case
  const jurisdiction = jurisdictionRegion(kase.jurisdiction)
  // Keyed by petition: one question per call.
  const countFor = async (code: string | null) =>
    code
      ? ((await countInJurisdictions([{ petitionId: petition.id, region: code }])).get(
          petition.id,
        ) ?? 0)
      : null
  const [inJurisdiction, onlyCount] = await Promise.all([countFor(jurisdiction), countFor(region)])
  const kind = kase.nextDateKind ? NEXT_DATE_KIND_LABELS[kase.nextDateKind] : 'Next date'
  const stream = packetPdf({
    cover: {
      organizationName: petition.organizationName,
      title: petition.title,
      personName: kase.personName,
      caseNumber: kase.caseNumber,
      jurisdiction: kase.jurisdiction,
      nextDate: kase.nextDate ? `${kind}: ${formatDateTime(kase.nextDate, kase.timeZone)}` : null,
      count: petition.signatureCount,
      inJurisdiction,
      jurisdictionLabel: jurisdiction ? regionLabel(jurisdiction) : 'the jurisdiction',
      only: region ? { label: regionLabel(region), count: onlyCount ?? 0 } : null,
      printedOn: formatDate(now, kase.timeZone),
      body: markdownToBlocks(petition.body),
      decisionMakers: petition.targets,
      groupLabel,
    },
    signers: packetSigners({
      organizationId,
      petitionId: petition.id,
      region,
      jurisdiction,
      includeLetters,
    }),
  })
  return { filename: packetFileName(petition.slug, region, now), stream }
}

/** The packet's file name: the petition's slug, the region if one, and the day. */
export function packetFileName(slug: string, region: string | null = null, now = new Date()) {
  const suffix = region ? `-${region.toLowerCase()}` : ''
  return `${slug}-packet${suffix}-${now.toISOString().slice(0, 10)}.pdf`
}
