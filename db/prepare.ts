/**
 * Gets the database ready for any Vigil command: starts (or reaches) the
 * embedded server when DATABASE_URL is unset, applies pending migrations,
 * creates pg-boss's schema, and seeds demo data where the settings say so.
 */
import { closeDb, db } from '../app/utils/db.server'
import { env } from '../app/utils/env.server'
import { ensureEmbeddedServer, releaseEmbeddedServer } from './embedded'
import { migrate } from './migrate'
import { seedDemo, type DemoLogin } from './seed'

export interface Prepared {
  embedded: boolean
  applied: string[]
  demoLogin?: DemoLogin
}

export async function prepareDatabase({
  seed = false,
}: { seed?: boolean } = {}): Promise<Prepared> {
  const settings = env()
  const embedded = !settings.DATABASE_URL
  if (embedded) await ensureEmbeddedServer(settings.dataDir)
  const applied = await migrate(db())
  let demoLogin: DemoLogin | undefined
  if (seed) {
    const mode = settings.VIGIL_SEED ?? (embedded ? 'demo' : 'none')
    if (mode === 'demo') demoLogin = (await seedDemo(db())) ?? undefined
  }
  return { embedded, applied, demoLogin }
}

/**
 * The end of any Vigil process: its connections closed and, on the
 * embedded default, its hold on the server given up (the last process to
 * let go stops it).
 */
export async function releaseDatabase(): Promise<void> {
  await closeDb().catch(() => {})
  const settings = env()
  if (!settings.DATABASE_URL) releaseEmbeddedServer(settings.dataDir)
}
