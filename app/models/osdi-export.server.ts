import { createSql } from '~/utils/db.server'
import type { PetitionStatus, SuppressionReason } from '~/domain/states'
import { countedSignature, partnerOnlySignature } from './rules.server'

/**
 * What an organization takes with it to another system: its petitions, and
 * the people who signed them with their counted signatures (confirmed, not
 * held or invalidated: what the organization may rely on). Read on a
 * connection of its own through a cursor, a batch of people at a time, so
 * the export of a large organization is never held whole in memory and a
 * slow download holds no pooled connection. app/api/osdi-export.server.ts
 * shapes it as OSDI.
 */

export interface ExportPetition {
  id: string
  title: string
  body: string
  status: PetitionStatus
  goal: number
  createdAt: Date
  updatedAt: Date
}

export interface ExportSignature {
  id: string
  petitionId: string
  postalCode: string
  locality: string | null
  country: string
  comment: string | null
  subscribe: boolean
  public: boolean
  createdAt: string
  confirmedAt: string | null
}

export interface ExportPerson {
  id: string
  name: string
  email: string
  createdAt: Date
  updatedAt: Date
  unsubscribedAt: Date | null
  suppression: SuppressionReason | null
  /** Oldest first. */
  signatures: ExportSignature[]
}

const PEOPLE_PER_BATCH = 500

/**
 * The organization's name, its petitions, and an iterator over its people
 * in batches; `close` ends the connection (also when the download is
 * abandoned). Null when the organization does not exist.
 */
export async function openOrganizationExport(organizationId: string) {
  const sql = createSql({ max: 1, name: 'vigil:osdi-export' })
  const close = () => sql.end({ timeout: 0 }).catch(() => {})
  try {
    const [organization] = await sql<{ id: string; name: string }[]>`
      select id, name from organizations where id = ${organizationId}`
    if (!organization) {
      await close()
      return null
    }
    const petitions = await sql<ExportPetition[]>`
      select id, title, body, status, goal, created_at, updated_at from petitions
      where organization_id = ${organizationId} order by created_at, id`
    async function* people(): AsyncGenerator<ExportPerson[]> {
      const batches = sql<ExportPerson[]>`
        select sup.id, sup.name,
          -- Someone who let only partners contact them: no email here (decision 043).
          case when bool_and(${partnerOnlySignature('s')}) then '' else sup.email end as email,
          sup.created_at, sup.updated_at, sup.unsubscribed_at,
          (select x.reason from suppressions x
           where x.organization_id = sup.organization_id
             and x.email_canonical = sup.email_canonical limit 1) as suppression,
          json_agg(json_build_object(
            'id', s.id, 'petitionId', s.petition_id, 'postalCode', s.postal_code,
            'locality', s.locality, 'country', s.country, 'comment', s.comment,
            'subscribe', s.subscribe, 'public', s.public, 'createdAt', s.created_at,
            'confirmedAt', s.confirmed_at) order by s.created_at, s.id) as signatures
        from supporters sup
        join signatures s on s.supporter_id = sup.id and ${countedSignature('s')}
        where sup.organization_id = ${organizationId}
        group by sup.id
        order by sup.id`.cursor(PEOPLE_PER_BATCH)
      for await (const batch of batches) yield batch
    }
    return { organization, petitions, people: people(), close }
  } catch (error) {
    await close()
    throw error
  }
}
