import { DomainError, NOT_VALID } from '~/domain/errors'
import { isUsRegion, REGION_CODE } from '~/domain/regions'
import { composePacket } from '~/mail/packet.server'
import { PACKET_LINK_PURPOSE } from '~/mail/packet-attachment.server'
import { verifyLink } from '~/utils/signed-link.server'
import { COUNTRY_CODES } from '~/validation/countries'

/**
 * The delivery packet: the petition printed for handing over in person
 * (decision 028). One use case for the dashboard's button, the API's
 * `packet.pdf` and the signed link an outreach carries.
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
 * the reason, never an empty packet that looks as if nobody signed.
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
  region,
  includeLetters = false,
  now = new Date(),
}: {
  organizationId: string
  petitionId: string
  region?: string | null
  includeLetters?: boolean
  now?: Date
}): Promise<DeliveryPacket> {
  const packet = await composePacket({
    organizationId,
    petitionId,
    region: parsePacketRegion(region),
    includeLetters,
    now,
  })
  if (!packet) throw new PacketNotFoundError()
  return {
    ...packet,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${packet.filename}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  }
}

export class PacketLinkExpiredError extends DomainError {
  constructor() {
    super(
      'conflict',
      'This link to the delivery packet has expired. Ask the organization that sent it for a new one.',
    )
  }
}

/**
 * The packet behind a signed link from an outreach (decision 028): no
 * sign-in, the petition as it stands now. Throws PacketNotFoundError for a
 * link Vigil did not sign (or a petition since deleted) and
 * PacketLinkExpiredError once it has expired.
 */
export async function packetFromLink(token: string, now = new Date()): Promise<DeliveryPacket> {
  const verified = verifyLink(PACKET_LINK_PURPOSE, token, now)
  if (verified.state === 'expired') throw new PacketLinkExpiredError()
  if (verified.state !== 'valid' || !verified.payload.o || !verified.payload.p)
    throw new PacketNotFoundError()
  return deliveryPacket({
    organizationId: verified.payload.o,
    petitionId: verified.payload.p,
    now,
  })
}
