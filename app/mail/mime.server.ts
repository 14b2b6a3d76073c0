import MailComposer from 'nodemailer/lib/mail-composer'
import MimeNode from 'nodemailer/lib/mime-node'
import { buildHeaderValue, foldLines, hasLongerLines, isPlainText } from 'nodemailer/lib/mime-funcs'
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp'
import type { SendMailOptions } from 'nodemailer'

/**
 * A mail's MIME form: what nodemailer's MailComposer builds, byte for byte
 * (app/mail/mime.server.test.ts holds the two side by side), made
 * cheaply for the mail most of Vigil's is, text and HTML without
 * attachments, since a campaign composes one per recipient.
 */

/** The fields of a plain text-and-HTML mail, the form campaigns and most mail take. */
const TEXT_AND_HTML_FIELDS = new Set([
  'from',
  'to',
  'replyTo',
  'subject',
  'text',
  'html',
  'headers',
  'messageId',
  'baseBoundary',
  'date',
])

/** The header fields composeMail sets itself, in MailComposer's order. */
const FIELDS = [
  ['From', 'from'],
  ['To', 'to'],
  ['Reply-To', 'replyTo'],
  ['Subject', 'subject'],
  ['Message-ID', 'messageId'],
] as const
const OWN_HEADERS = new Set(
  [...FIELDS.map(([key]) => key), 'Date', 'MIME-Version', 'Content-Type'].map((key) =>
    key.toLowerCase(),
  ),
)

/** Encodes header values exactly as MailComposer's nodes do (no options of ours). */
const encoder = new MimeNode()

/**
 * A header line as MimeNode writes it: the value encoded, the line folded
 * at 76. Lines repeat across a campaign's mails (its From, its Subject), so
 * a value given a cache key (valueKey) is kept, a bounded number of them.
 */
const lines = new Map<string, string>()
const MAX_LINES = 5_000
function headerLine(key: string, value: unknown, cacheKey: string | null): string {
  const id = cacheKey === null ? null : `${key}\n${cacheKey}`
  const known = id === null ? undefined : lines.get(id)
  if (known !== undefined) return known
  const encoded = isPlainValue(key, value) ? value : encoder.encodeHeaderValue(key, value as string)
  const line = encoded.trim() ? foldLines(`${key}: ${encoded}`, 76) : ''
  if (id !== null) {
    if (lines.size >= MAX_LINES) lines.clear()
    lines.set(id, line)
  }
  return line
}

/**
 * An address MimeNode would write as it is: a dot-atom of word characters
 * at a lower-case ASCII domain, no label that punycode or case folding
 * would touch (what a campaign's To almost always is).
 */
export const PLAIN_ADDRESS = /^[\w+-]+(\.[\w+-]+)*@([a-z0-9]([a-z0-9]|-(?!-))*\.)+[a-z]{2,63}$/

/**
 * A value MimeNode's encoder returns unchanged: a plain address for an
 * address field, printable ASCII that holds no encoded word for an
 * unstructured one (a List-Unsubscribe link).
 */
function isPlainValue(key: string, value: unknown): value is string {
  if (typeof value !== 'string') return false
  if (key === 'To') return PLAIN_ADDRESS.test(value)
  if (key === 'From' || key === 'Reply-To' || key === 'Date' || key === 'Message-ID') return false
  return /^[\x20-\x7e]*$/.test(value) && !value.includes('=?')
}

/**
 * A header value as a key for the line cache (a string, or a name and an
 * address), or null when it cannot be one.
 */
function valueKey(value: unknown): string | null {
  if (typeof value === 'string') return `text:${value}`
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { name, address } = value as { name?: unknown; address?: unknown }
    if (typeof address === 'string' && (name === undefined || typeof name === 'string'))
      return `object:${JSON.stringify([name ?? '', address])}`
  }
  return null
}

/**
 * Which transfer encoding MimeNode gives a text part: 7bit for short lines
 * of plain ASCII, else quoted-printable when Latin letters outnumber the
 * characters that need encoding, else base64.
 */
function transferEncoding(text: string): '7bit' | 'quoted-printable' | 'base64' {
  if (isPlainText(text)) {
    if (!hasLongerLines(text, 76)) return '7bit'
    // Plain text has nothing to encode: any Latin letter decides.
    return /[A-Za-z]/.test(text) ? 'quoted-printable' : 'base64'
  }
  let latin = 0
  let other = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code <= 0x08 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f)) other++
    else if (code >= 0x80) other++
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++
  }
  return other < latin ? 'quoted-printable' : 'base64'
}

/** A text part's header block, the same for every mail of its type and encoding. */
const partHeaders = new Map<string, string>()
function partHeader(contentType: string, encoding: string): string {
  const id = `${contentType}\n${encoding}`
  let block = partHeaders.get(id)
  if (block === undefined) {
    const node = new MimeNode('multipart/alternative').createChild(contentType)
    node.setHeader('Content-Transfer-Encoding', encoding)
    block = node.buildHeaders()
    partHeaders.set(id, block)
  }
  return block
}

/** The Date line, formatted once a second. */
let dateLine = { second: -1, line: '' }
function currentDateLine(): string {
  const now = Date.now()
  const second = Math.floor(now / 1000)
  if (dateLine.second !== second)
    dateLine = { second, line: `Date: ${new Date(now).toUTCString().replace(/GMT/, '+0000')}` }
  return dateLine.line
}

/** A mail composeMail writes itself: text and HTML, no header of its own given as a custom one, a boundary seed. */
export function composesItself(message: SendMailOptions): boolean {
  if (typeof message.text !== 'string' || message.text === '') return false
  if (typeof message.html !== 'string' || message.html === '') return false
  if (typeof message.baseBoundary !== 'string' || !/^[\w.-]+$/.test(message.baseBoundary))
    return false
  if (!Object.keys(message).every((key) => TEXT_AND_HTML_FIELDS.has(key))) return false
  const headers = message.headers ?? {}
  if (Array.isArray(headers) || typeof headers !== 'object') return false
  return Object.entries(headers).every(([key, value]) => {
    const normalized = normalizeKey(key)
    return typeof value === 'string' && normalized && !OWN_HEADERS.has(normalized.toLowerCase())
  })
}

/**
 * A text-and-HTML mail composed into one buffer, without a stream or a
 * node per mail: each header line encoded by nodemailer's own encoder (and
 * kept when it repeats: a campaign's From and Subject), each part's content
 * encoded with nodemailer's quoted-printable functions. Anything else (an
 * attachment, base64 text mostly outside Latin script, a header of ours
 * given as a custom one) is left to MailComposer.
 */
export function composeMail(message: SendMailOptions): Promise<Buffer> {
  if (!composesItself(message)) return new MailComposer(message).compile().build()
  const text = message.text as string
  const html = message.html as string
  const textEncoding = transferEncoding(text)
  const htmlEncoding = transferEncoding(html)
  if (textEncoding === 'base64' || htmlEncoding === 'base64')
    return new MailComposer(message).compile().build()

  const out: string[] = []
  for (const [key, value] of Object.entries((message.headers ?? {}) as Record<string, string>)) {
    const line = headerLine(normalizeKey(key)!, value, null)
    if (line) out.push(line)
  }
  for (const [key, field] of FIELDS) {
    const value = message[field]
    if (!value) continue
    // To and Message-ID differ from mail to mail: not kept.
    const keep = key !== 'To' && key !== 'Message-ID'
    const line = headerLine(key, value, keep ? valueKey(value) : null)
    if (line) out.push(line)
  }
  out.push(message.date ? headerLine('Date', message.date, null) : currentDateLine())
  out.push('MIME-Version: 1.0')
  const boundary = `--_NmP-${message.baseBoundary}-Part_1`
  const contentType = buildHeaderValue({
    value: 'multipart/alternative',
    params: { boundary },
  })
  out.push(foldLines(`Content-Type: ${contentType}`, 76))

  const part = (contentType: string, content: string, encoding: string) =>
    `--${boundary}\r\n${partHeader(contentType, encoding)}\r\n\r\n${
      encoding === '7bit' ? content : qpWrap(qpEncode(content), 76)
    }`
  const body = [
    part('text/plain; charset=utf-8', text, textEncoding),
    part('text/html; charset=utf-8', html, htmlEncoding),
  ].join('\r\n')
  return Promise.resolve(Buffer.from(`${out.join('\r\n')}\r\n\r\n${body}\r\n--${boundary}--\r\n`))
}

const keys = new Map<string, string | null>()
/**
 * A custom header's key as MimeNode writes it ("list-unsubscribe" →
 * "List-Unsubscribe"), read off a node once per key; null when it writes
 * none.
 */
function normalizeKey(key: string): string | null {
  let normalized = keys.get(key)
  if (normalized === undefined) {
    const block = new MimeNode().addHeader(key, 'x').buildHeaders()
    const line = block.split('\r\n').find((l) => l.endsWith(': x'))
    normalized = line ? line.slice(0, -3) : null
    if (keys.size < MAX_LINES) keys.set(key, normalized)
  }
  return normalized
}
