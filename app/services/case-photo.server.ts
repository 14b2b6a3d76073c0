import sharp from 'sharp'
import { DomainError } from '~/domain/errors'
import { deleteCasePhoto, saveCasePhoto } from '~/models/case-photo.server'

/** The largest upload read, and the photo's longest side once resized. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024
const LONGEST_SIDE = 800
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif', 'heif', 'avif', 'tiff'])

/**
 * A photo of the person, as the case form uploads it: read with `sharp`
 * (anything that is not an image is refused beside its field), turned
 * upright, resized to at most 800 px on its longest side, re-encoded as
 * JPEG without its metadata (a phone's photo carries where it was taken),
 * and kept in PostgreSQL so every instance serves it (models/case-photo).
 */
export async function setCasePhoto({
  organizationId,
  caseId,
  upload,
  alt,
}: {
  organizationId: string
  caseId: string
  upload: Uint8Array
  alt: string
}): Promise<void> {
  const invalid = (message: string) => new DomainError('invalid', message, { photo: [message] })
  if (upload.byteLength === 0) throw invalid('Choose a photo.')
  if (upload.byteLength > MAX_PHOTO_BYTES) throw invalid('The photo is larger than 8 MB.')
  let image: { data: Buffer; info: { width: number; height: number } }
  try {
    const input = sharp(upload, { limitInputPixels: 50_000_000 })
    const { format } = await input.metadata()
    if (!format || !ACCEPTED.has(format)) throw new Error(`format ${format}`)
    image = await input
      .rotate()
      .resize({
        width: LONGEST_SIDE,
        height: LONGEST_SIDE,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true })
  } catch {
    throw invalid('That file is not a photo Vigil can read (JPEG, PNG, WebP, HEIC or GIF).')
  }
  const saved = await saveCasePhoto({
    organizationId,
    caseId,
    image: image.data,
    width: image.info.width,
    height: image.info.height,
    alt,
  })
  if (!saved) throw new DomainError('not_found', 'There is no such case in your organization.')
}

export async function removeCasePhoto(input: { organizationId: string; caseId: string }) {
  await deleteCasePhoto(input)
}
