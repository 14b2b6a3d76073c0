import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { env } from './env.server'

/**
 * SESSION_SECRET, or one generated on first start and kept in DATA_DIR
 * (enough for a single instance). Returns whether it was generated here.
 */
export function ensureSessionSecret(): { generated: boolean } {
  if (process.env.SESSION_SECRET) return { generated: false }
  const file = path.join(env().dataDir, 'session-secret')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  if (!fs.existsSync(file)) {
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), {
        flag: 'wx',
        mode: 0o600,
      })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  process.env.SESSION_SECRET = fs.readFileSync(file, 'utf8').trim()
  return { generated: true }
}
