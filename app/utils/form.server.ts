import { hasNul, parseUrlEncoded } from './text'

/** The largest form body read (a pasted list of addresses is the largest form there is). */
export const MAX_FORM_BYTES = 5 * 1024 * 1024

const NOT_A_FORM =
  'This request did not carry a form. Please open the page and send the form again.'
const NOT_UTF8 =
  'This form carried bytes that are not UTF-8 text, so Vigil did not read it. Please open the page and send the form again.'
const TOO_LARGE = 'This form is too large.'
const nulIn = (name: string) =>
  `The field “${name.replaceAll('\u0000', '')}” contains a character that cannot be stored (NUL). Please remove it and send the form again.`

function refuse(message: string, status = 400): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}

/** The body's bytes, or null when there are more than `max` of them. */
export async function readBytes(request: Request, max: number): Promise<Uint8Array | null> {
  if (Number(request.headers.get('content-length') ?? 0) > max) return null
  if (!request.body) return new Uint8Array()
  const chunks: Uint8Array[] = []
  let total = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > max) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}

const REPLACEMENT_BYTES = new Uint8Array([0xef, 0xbf, 0xbd])

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

/**
 * The body of a form post, read strictly (utils/text.ts): a body that is
 * not a form (no or another Content-Type, a broken multipart) or not UTF-8
 * text is a 400 with a clear message, and so is a NUL in any field, which
 * PostgreSQL cannot store: bad input never becomes a 500 or a silent
 * U+FFFD. A route whose zod schema refuses NUL itself (validation/text.ts),
 * and so can answer with the form again and the message beside the field,
 * says `schemaRefusesNul`.
 */
export async function readForm(
  request: Request,
  { schemaRefusesNul = false }: { schemaRefusesNul?: boolean } = {},
): Promise<FormData> {
  const contentType = request.headers.get('content-type') ?? ''
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  let form: FormData
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data')
    throw refuse(NOT_A_FORM)
  const bytes = await readBytes(request, MAX_FORM_BYTES)
  if (!bytes) throw refuse(TOO_LARGE, 413)
  if (type === 'application/x-www-form-urlencoded') {
    const pairs = parseUrlEncoded(bytes)
    if (!pairs) throw refuse(NOT_UTF8)
    form = new FormData()
    for (const [name, value] of pairs) form.append(name, value)
  } else {
    try {
      form = await new Response(Buffer.from(bytes), {
        headers: { 'content-type': contentType },
      }).formData()
    } catch {
      throw refuse(NOT_A_FORM)
    }
    // Multipart text is decoded leniently: a U+FFFD that the raw body does
    // not carry as such stands for bytes that were not UTF-8.
    const texts = [...form].flatMap(([name, value]) =>
      typeof value === 'string' ? [name, value] : [name],
    )
    if (texts.some((t) => t.includes('\uFFFD')) && !containsBytes(bytes, REPLACEMENT_BYTES))
      throw refuse(NOT_UTF8)
  }
  if (!schemaRefusesNul)
    for (const [name, value] of form)
      if (hasNul(name) || (typeof value === 'string' && hasNul(value))) throw refuse(nulIn(name))
  return form
}
