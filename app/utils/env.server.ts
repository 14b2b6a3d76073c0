import path from 'node:path'
import { z } from 'zod'

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
  SESSION_SECRET: z.string().min(16).optional(),
  VIGIL_SEED: z.enum(['demo', 'none']).optional(),
  /** Campaign mail: the most messages per second each worker process sends. */
  VIGIL_MAIL_RATE: z.coerce.number().positive().max(100_000).default(1000),
  /** Campaign mail: the most messages per second to one recipient domain, per worker process. */
  VIGIL_MAIL_DOMAIN_RATE: z.coerce.number().positive().max(100_000).default(100),
  /** Bearer secret of POST /hooks/mail-events (bounces, complaints); unset: the hook is off. */
  VIGIL_MAIL_EVENTS_SECRET: z.string().min(16).optional(),
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
