/** Signatures in bulk for dashboard tests, straight into the tables (the trigger keeps stats). */
import { db } from '../../app/utils/db.server'
import type { SignatureStatus } from '../../app/domain/states'
import { regionForPostalCode } from '../../app/domain/regions'

export interface SeedSignature {
  email?: string
  name?: string
  status?: SignatureStatus
  ip?: string | null
  createdAt?: Date
  confirmedAt?: Date | null
  country?: string
  postalCode?: string
  locality?: string | null
  /** Default: what signing would store (regionForPostalCode); null for a row from before regions. */
  region?: string | null
  comment?: string | null
  letter?: string | null
  public?: boolean
}

let seq = 0

export async function seedSignatures(
  { petitionId, organizationId }: { petitionId: string; organizationId: string },
  list: SeedSignature[],
): Promise<string[]> {
  const sql = db()
  const ids: string[] = []
  for (const s of list) {
    seq++
    const email = s.email ?? `seed${seq}.${Date.now()}@example.org`
    const canonical = email.toLowerCase()
    const [supporter] = await sql<{ id: string }[]>`
      insert into supporters (organization_id, email, email_canonical, name, unsubscribe_token)
      values (${organizationId}, ${email}, ${canonical}, ${s.name ?? `Seed Signer${seq}`},
        ${`tok-${seq}-${Math.random()}`})
      on conflict (organization_id, email_canonical) do update set updated_at = now()
      returning id`
    const status = s.status ?? 'confirmed'
    const country = s.country ?? 'US'
    const postalCode = s.postalCode ?? '78701'
    const region = s.region !== undefined ? s.region : regionForPostalCode(country, postalCode)
    const [row] = await sql<{ id: string }[]>`
      insert into signatures (petition_id, supporter_id, name, email, email_canonical, postal_code,
        country, region, locality, status, confirmed_at, ip, created_at, comment, letter, public)
      values (${petitionId}, ${supporter!.id}, ${s.name ?? `Seed Signer${seq}`}, ${email}, ${canonical},
        ${postalCode}, ${country}, ${region}, ${s.locality ?? 'Austin'},
        ${status},
        ${s.confirmedAt !== undefined ? s.confirmedAt : status === 'confirmed' ? new Date() : null},
        ${s.ip ?? null}, ${s.createdAt ?? new Date()}, ${s.comment ?? null}, ${s.letter ?? null},
        ${s.public ?? false})
      returning id`
    ids.push(row!.id)
  }
  const confirmed = list.filter((s) => (s.status ?? 'confirmed') === 'confirmed').length
  if (confirmed) {
    await sql`update petitions set signature_count = signature_count + ${confirmed} where id = ${petitionId}`
  }
  return ids
}

export async function statuses(ids: string[]): Promise<string[]> {
  const rows = await db()<{ id: string; status: string }[]>`
    select id, status from signatures where id = any(${ids}::uuid[])`
  const map = new Map(rows.map((r) => [r.id, r.status]))
  return ids.map((id) => map.get(id)!)
}
