import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { env } from '~/utils/env.server'
import { signLink } from '~/utils/signed-link.server'
import { composePacket } from './packet.server'

/**
 * The delivery packet for an outreach (decision 028): written once to a
 * temporary file, attached to each official's copy when it is within
 * VIGIL_PACKET_ATTACH_MAX_MB (mail relays refuse large messages), else
 * replaced by a signed link that opens it without signing in until it
 * expires. The link shows the packet as it is when opened.
 */

export const PACKET_LINK_PURPOSE = 'packet'
export const PACKET_LINK_DAYS = 30

export interface PreparedPacket {
  filename: string
  bytes: number
  /** The file to attach; null when the packet goes as a link. */
  path: string | null
  link: { url: string; expiresAt: Date } | null
  /** Removes the temporary file. */
  discard(): Promise<void>
}

/** A link to the petition's current packet that works without signing in, until it expires. */
export function packetLink({
  organizationId,
  petitionId,
  appUrl,
  now = new Date(),
}: {
  organizationId: string
  petitionId: string
  appUrl: string
  now?: Date
}): { url: string; expiresAt: Date } {
  const expiresAt = new Date(now.getTime() + PACKET_LINK_DAYS * 86_400_000)
  const token = signLink(PACKET_LINK_PURPOSE, { o: organizationId, p: petitionId }, expiresAt)
  return { url: `${appUrl}/packets/${token}`, expiresAt }
}

export async function preparePacket({
  organizationId,
  petitionId,
  appUrl,
  now = new Date(),
}: {
  organizationId: string
  petitionId: string
  appUrl: string
  now?: Date
}): Promise<PreparedPacket> {
  const packet = await composePacket({ organizationId, petitionId, region: null, now })
  if (!packet) throw new Error('The petition is gone.')
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'vigil-packet-'))
  const file = path.join(dir, packet.filename)
  const discard = () => fs.promises.rm(dir, { recursive: true, force: true })
  try {
    await pipeline(
      Readable.fromWeb(packet.stream as NodeReadableStream<Uint8Array>),
      fs.createWriteStream(file),
    )
    const { size } = await fs.promises.stat(file)
    if (size <= env().VIGIL_PACKET_ATTACH_MAX_MB * 1024 * 1024)
      return { filename: packet.filename, bytes: size, path: file, link: null, discard }
    await discard()
    return {
      filename: packet.filename,
      bytes: size,
      path: null,
      link: packetLink({ organizationId, petitionId, appUrl, now }),
      discard,
    }
  } catch (error) {
    await discard()
    throw error
  }
}
