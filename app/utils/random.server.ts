import crypto from 'node:crypto'

/** Random bytes read from the system's source in blocks of this many. */
const POOL_BYTES = 4096
let pool = Buffer.alloc(0)
let at = POOL_BYTES

/**
 * `bytes` random bytes from crypto.randomFillSync, as a string in
 * `encoding`. Taken from a block read once per 4 kB rather than one system
 * call each (a CSP nonce per response and a token per signature were 3 % of
 * a sign POST's CPU, profiled); each byte is used once, so each value is as
 * unpredictable as one read alone.
 */
export function randomString(bytes: number, encoding: 'base64' | 'base64url' | 'hex'): string {
  if (bytes > POOL_BYTES) return crypto.randomBytes(bytes).toString(encoding)
  if (at + bytes > POOL_BYTES) {
    pool = crypto.randomFillSync(Buffer.allocUnsafe(POOL_BYTES))
    at = 0
  }
  at += bytes
  return pool.toString(encoding, at - bytes, at)
}
