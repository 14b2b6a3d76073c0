import { DomainError, NOT_VALID } from '~/domain/errors'
import { NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { isUsRegion, jurisdictionRegion, regionName, REGION_CODE } from '~/domain/regions'
import { groupLabel, packetSigners } from '~/models/packet.server'
import { getPetitionForOrganization } from '~/models/petition.server'
import { countInJurisdictions } from '~/models/signer-regions.server'
import { markdownToBlocks } from '~/utils/markdown.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { COUNTRY_CODES } from '~/validation/countries'
import { packetPdf } from './packet-pdf.server'

/**
 * The delivery packet: the petition printed for handing over in person
 * (decision 028). One use case for the dashboard's button, the API's
 * `packet.pdf`, the outreach attachment and the signed link.
 */

export class PacketRegionError extends DomainError {
  constructor(message: string) {
    super('invalid', NOT_VALID, { region: [message] })
  }
}

export class PacketNotFoundError extends DomainError {
  constructor() {
    super('not_found', 'No such petition.')
  }
}

/**
 * `?region=`: empty for every signer; a US state as ISO 3166-2 (`US-TX`);
 * or a country (`CA`, all of its signers). Anything else is refused with
 * the reason, never an empty packet that looks like nobody signed.
 */
export function parsePacketRegion(raw: string | null | undefined): string | null {
  const region = (raw ?? '').trim().toUpperCase()
  if (!region) return null
  if (!REGION_CODE.test(region))
    throw new PacketRegionError('Give a state as an ISO 3166-2 code, like US-TX, or a country.')
  if (region.includes('-')) {
    if (!isUsRegion(region))
      throw new PacketRegionError(
        region.startsWith('US-')
          ? `${region} is not a US state.`
          : 'Vigil knows the state of US signers only; give the country instead.',
      )
  } else if (!COUNTRY_CODES.has(region)) {
    throw new PacketRegionError(`${region} is not a country code.`)
  }
  return region
}

/** "Texas", "Canada", "the United States". */
function regionLabel(region: string): string {
  if (region === 'US') return 'the United States'
  return region.includes('-') ? regionName(region) : groupLabel(region)
}

export interface DeliveryPacket {
  filename: string
  stream: ReadableStream<Uint8Array>
  /** For a download: a PDF, an attachment, never cached. */
  headers: Record<string, string>
}

/**
 * The packet as a stream (written as it is read). Throws PacketNotFoundError
 * for a petition that is not the organization's, PacketRegionError for a
 * region that is not one.
 */
export async function deliveryPacket({
  organizationId,
  petitionId,
  region: rawRegion,
  includeLetters = false,
  now = new Date(),
}: {
  organizationId: string
  petitionId: string
  region?: string | null
  includeLetters?: boolean
  now?: Date
}): Promise<DeliveryPacket> {
  const region = parsePacketRegion(rawRegion)
  const petition = await getPetitionForOrganization({ organizationId, petitionId })
  if (!petition) throw new PacketNotFoundError()
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
      jurisdictionLabel: jurisdiction ? regionName(jurisdiction) : 'the jurisdiction',
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
  const suffix = region ? `-${region.toLowerCase()}` : ''
  const filename = `${petition.slug}-packet${suffix}-${now.toISOString().slice(0, 10)}.pdf`
  return {
    filename,
    stream,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  }
}
