import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node'
import { readForm } from './form.server'

/** The largest CSV file a dashboard import reads. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

/**
 * A CSV import's upload: the file chosen (multipart `file`), or the text
 * pasted (`csv`) when none was. `error` says, for the form, what went wrong.
 */
export async function readCsvUpload(
  request: Request,
): Promise<{ text: string; filename: string | null } | { error: string }> {
  try {
    const type = request.headers.get('content-type') ?? ''
    let text = ''
    let filename: string | null = null
    if (!type.startsWith('multipart/form-data')) {
      const pasted = (await readForm(request)).get('csv')
      text = typeof pasted === 'string' ? pasted : ''
    } else {
      const form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }),
      )
      const file = form.get('file')
      const pasted = form.get('csv')
      if (file && typeof file !== 'string' && file.size > 0) {
        text = await file.text()
        filename = file.name || null
      } else text = typeof pasted === 'string' ? pasted : ''
    }
    if (!text.trim()) return { error: 'Choose a CSV file, or paste its contents.' }
    return { text, filename }
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return { error: 'The file is larger than 10 MB.' }
    if (error instanceof Response) throw error
    return { error: 'The upload could not be read. Please choose the file again.' }
  }
}

/**
 * An image upload (multipart `photo`) and the form's other text fields.
 * `error` says, for the form, what went wrong.
 */
export async function readImageUpload(
  request: Request,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; fields: Record<string, string> } | { error: string }> {
  try {
    const type = request.headers.get('content-type') ?? ''
    if (!type.startsWith('multipart/form-data')) {
      const form = await readForm(request)
      const fields: Record<string, string> = {}
      for (const [k, v] of form) if (typeof v === 'string') fields[k] = v
      return { bytes: new Uint8Array(), fields }
    }
    const form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }),
    )
    const fields: Record<string, string> = {}
    let bytes = new Uint8Array()
    for (const [k, v] of form) {
      if (typeof v === 'string') fields[k] = v
      else if (k === 'photo') bytes = new Uint8Array(await v.arrayBuffer())
    }
    return { bytes, fields }
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      return { error: `The photo is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.` }
    if (error instanceof Response) throw error
    return { error: 'The upload could not be read. Please choose the photo again.' }
  }
}
