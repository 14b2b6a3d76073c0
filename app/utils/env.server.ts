import net from 'node:net'
import path from 'node:path'
import { z } from 'zod'

/** Express's `trust proxy` value: false, a hop count, or addresses, CIDRs and the named ranges. */
export type TrustProxy = false | number | string[]

const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function isAddressOrCidr(item: string): boolean {
  const [address, prefix, extra] = item.split('/')
  const family = net.isIP(address ?? '')
  if (!family || extra !== undefined) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)
}

/**
 * TRUST_PROXY as Express takes it (the contract: `false`, a hop count,
 * addresses or CIDRs separated by commas, `loopback`, `uniquelocal`); null
 * for anything else. `true` (believe every peer) is refused: it is the
 * first X-Forwarded-For entry, which any client writes.
 */
export function parseTrustProxy(value: string): TrustProxy | null {
  const v = value.trim().toLowerCase()
  if (v === 'false') return false
  if (/^\d{1,2}$/.test(v)) return Number(v)
  const items = v
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
  if (items.length === 0) return null
  return items.every((item) => TRUST_PROXY_NAMES.has(item) || isAddressOrCidr(item)) ? items : null
}

// Every setting of the contract, parsed once. An invalid value stops start-up
// with a message naming the variable, never a confusing failure later.
const EnvSchema = z.object({
  DATABASE_URL: z.string().trim().min(1).optional(),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  SMTP_URL: z.string().trim().min(1).optional(),
  MAIL_FROM: z.string().trim().min(3).default('Vigil <no-reply@localhost>'),
  DKIM_DOMAIN: z.string().trim().min(1).optional(),
  DKIM_SELECTOR: z.string().trim().min(1).optional(),
  DKIM_PRIVATE_KEY: z.string().trim().min(1).optional(),
  APP_URL: z.string().trim().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  VIGIL_WORKER: z.enum(['on', 'off']).default('on'),
  /** Web processes `npm start` runs on this machine, sharing one port (bin/cluster.ts). */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  SESSION_SECRET: z.string().min(16).optional(),
  VIGIL_SEED: z.enum(['demo', 'none']).optional(),
  /** Campaign mail: the most messages per second each worker process sends. */
  VIGIL_MAIL_RATE: z.coerce.number().positive().max(100_000).default(1000),
  /** Campaign mail: the most messages per second to one recipient domain, per worker process. */
  VIGIL_MAIL_DOMAIN_RATE: z.coerce.number().positive().max(100_000).default(100),
  /** Bearer secret of POST /hooks/mail-events (bounces, complaints); unset: the hook is off. */
  VIGIL_MAIL_EVENTS_SECRET: z.string().min(16).optional(),
  /** Which peers' X-Forwarded-For is believed (Express's `trust proxy`). */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((value, ctx) => {
      const parsed = parseTrustProxy(value)
      if (parsed !== null) return parsed
      ctx.addIssue({
        code: 'custom',
        message:
          'use false, a hop count, or addresses and CIDRs separated by commas (loopback, linklocal and uniquelocal name ranges)',
      })
      return z.NEVER
    }),
  /** Signatures to one petition from one client address in an hour before new ones are held. */
  VIGIL_SIGN_LIMIT_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** The same from one email domain (never for large public mail providers). */
  VIGIL_SIGN_LIMIT_PER_DOMAIN: z.coerce.number().int().min(1).max(10_000_000).default(200),
  /** Days after a petition closes when its signatures' personal data is anonymised (decision 037). */
  VIGIL_ANONYMISE_AFTER_DAYS: z.coerce.number().int().min(0).max(36_500).default(180),
  /** Days after which a never-confirmed signature is deleted (decision 037). */
  VIGIL_UNCONFIRMED_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
  /** Outreach: the largest delivery packet attached, in MB; a larger one goes as a signed link. */
  VIGIL_PACKET_ATTACH_MAX_MB: z.coerce.number().positive().max(1000).default(10),
  /** A bearer token that also opens /metrics (else only this machine may read it). */
  VIGIL_METRICS_TOKEN: z.string().trim().min(16, 'use at least 16 characters').optional(),
  /** pino's level for the JSON log (default info; silent under NODE_ENV=test). */
  VIGIL_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .optional(),
  /** `on`: webhook URLs on this machine or private networks are allowed (receivers nearby, tests). */
  VIGIL_WEBHOOK_ALLOW_PRIVATE: z.enum(['on', 'off']).optional(),
})

export type Env = z.infer<typeof EnvSchema> & { dataDir: string; appUrl: string }

function emptyToUndefined(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const [key, value] of Object.entries(source)) out[key] = value === '' ? undefined : value
  return out
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(emptyToUndefined(source))
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid settings: ${problems.join('; ')}`)
  }
  const env = result.data
  return {
    ...env,
    dataDir: path.resolve(env.DATA_DIR),
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
  }
}

declare global {
  var __vigilEnv: Env | undefined
}

/**
 * The settings in force, parsed from process.env on first use. Kept on
 * globalThis, as the pool is, so that the server entry and the Remix build
 * (which bundles its own copy of this module) read, and forget, the same.
 */
export function env(): Env {
  globalThis.__vigilEnv ??= parseEnv(process.env)
  return globalThis.__vigilEnv
}

/** Forget the parsed settings (tests change process.env between phases). */
export function resetEnvCache(): void {
  globalThis.__vigilEnv = undefined
}
