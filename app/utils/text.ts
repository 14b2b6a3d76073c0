/**
 * Text Vigil can store. PostgreSQL refuses NUL (U+0000) in text, and bytes
 * that are not UTF-8 are not text at all: decoded leniently they become
 * U+FFFD and would be stored as such. Every body and URL is read through
 * these strict decoders (utils/form.server.ts, api/envelope.server.ts,
 * bin/http-guards.ts), and every free-text field refuses NUL
 * (validation/text.ts), so bad input is a 400, never a 500 or a silent
 * replacement. Pure: safe in the browser bundle.
 */

export function hasNul(value: string): boolean {
  return value.includes('\u0000')
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** UTF-8 bytes as a string, or null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return null
  }
}

const PERCENT = 0x25
const PLUS = 0x2b

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57
  return -1
}

/**
 * A percent-encoded component decoded to a string, strictly: null when the
 * escapes (or raw bytes) do not form valid UTF-8. A `%` not followed by two
 * hex digits is kept as it is, as browsers and URLSearchParams do;
 * `plusAsSpace` for form bodies and query strings.
 */
export function percentDecode(bytes: Uint8Array, plusAsSpace: boolean): string | null {
  const out = new Uint8Array(bytes.length)
  let n = 0
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!
    if (byte === PERCENT) {
      const high = hexValue(bytes[i + 1])
      const low = hexValue(bytes[i + 2])
      if (high >= 0 && low >= 0) {
        out[n++] = high * 16 + low
        i += 2
        continue
      }
    }
    out[n++] = plusAsSpace && byte === PLUS ? 0x20 : byte
  }
  return decodeUtf8(out.subarray(0, n))
}

function split(bytes: Uint8Array, separator: number): Uint8Array[] {
  const parts: Uint8Array[] = []
  let start = 0
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === separator) {
      parts.push(bytes.subarray(start, i))
      start = i + 1
    }
  }
  return parts
}

/**
 * An `application/x-www-form-urlencoded` body (or a query string) as its
 * name/value pairs, as URLSearchParams reads it, but null when a name or a
 * value is not valid UTF-8 instead of a silent U+FFFD.
 */
export function parseUrlEncoded(bytes: Uint8Array): [string, string][] | null {
  const pairs: [string, string][] = []
  for (const part of split(bytes, 0x26)) {
    if (part.length === 0) continue
    const eq = part.indexOf(0x3d)
    const name = percentDecode(eq < 0 ? part : part.subarray(0, eq), true)
    const value = eq < 0 ? '' : percentDecode(part.subarray(eq + 1), true)
    if (name === null || value === null) return null
    pairs.push([name, value])
  }
  return pairs
}

/**
 * What is wrong with a request target (path and query, as the HTTP request
 * line carries it, each byte one character), if anything: an escape that
 * is not UTF-8, or a NUL anywhere.
 */
export function requestTargetProblem(target: string): 'not-utf8' | 'nul' | null {
  const bytes = Uint8Array.from(target, (c) => c.charCodeAt(0) & 0xff)
  const q = bytes.indexOf(0x3f)
  const path = percentDecode(q < 0 ? bytes : bytes.subarray(0, q), false)
  const query = q < 0 ? [] : parseUrlEncoded(bytes.subarray(q + 1))
  if (path === null || query === null) return 'not-utf8'
  if (hasNul(path) || query.some(([name, value]) => hasNul(name) || hasNul(value))) return 'nul'
  return null
}
