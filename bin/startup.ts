import type { Prepared } from '../db/prepare'
import type { Env } from '../app/utils/env.server'

/** The one short block `npm start` prints: what it runs on, and what to set for real. */
export function describeDefaults({
  settings,
  prepared,
  secretGenerated,
  worker,
}: {
  settings: Env
  prepared: Prepared
  secretGenerated: boolean
  worker: boolean
}): string {
  const lines = [`Vigil is serving ${settings.appUrl} (worker ${worker ? 'on' : 'off'})`]
  const todo: string[] = []
  if (prepared.embedded) {
    lines.push(`  database: embedded PostgreSQL in ${settings.dataDir} (Unix socket only)`)
    todo.push('DATABASE_URL')
  } else lines.push('  database: DATABASE_URL')
  if (!settings.SMTP_URL) {
    lines.push(`  mail:     dev mailbox, not sent: read it at ${settings.appUrl}/dev/mailbox`)
    todo.push('SMTP_URL, MAIL_FROM')
  } else lines.push(`  mail:     SMTP_URL, from ${settings.MAIL_FROM}`)
  if (secretGenerated) {
    lines.push(`  sessions: secret generated and kept in ${settings.dataDir}/session-secret`)
    todo.push('SESSION_SECRET')
  }
  if (!settings.APP_URL) todo.push('APP_URL')
  if (prepared.demoLogin) {
    lines.push(
      `  demo:     sign in at ${settings.appUrl}/login as ${prepared.demoLogin.email}`,
      `            password ${prepared.demoLogin.password} (shown once)`,
    )
  }
  if (todo.length) lines.push(`  For a real deployment set ${todo.join(', ')}.`)
  return lines.join('\n')
}

/**
 * A start-up failure a person can fix (a setting, an unreachable DATA_DIR)
 * is said in one line; anything else keeps its stack for the operator.
 */
export function exitOnStartupError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error)
  const expected =
    error instanceof Error &&
    (error.name === 'EmbeddedDatabaseError' ||
      error.name === 'StartupError' ||
      message.startsWith('Invalid settings:') ||
      /ECONNREFUSED|password authentication failed|does not exist/.test(message))
  if (expected) console.error(`Vigil cannot start: ${message}`)
  else console.error(error)
  process.exit(1)
}
