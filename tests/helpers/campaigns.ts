/** Campaign audiences in bulk, straight into the tables with SQL (a thousand signers in one statement). */
import { fanOutCampaignsJob } from '../../app/jobs/campaign-fanout.server'
import { createCampaign, sendCampaign } from '../../app/services/campaigns.server'
import { db } from '../../app/utils/db.server'
import { makePetition } from './fixtures'

let batch = 0

export interface SeededSigner {
  supporterId: string
  email: string
  name: string
  unsubscribeToken: string
}

/**
 * `count` new supporters of the organization, each with a signature on the
 * petition: confirmed and subscribed unless told otherwise. Addresses are
 * spread over ten domains (as a real audience is, so the per-domain limit
 * does not set the pace), or all at `domain` when given.
 */
export async function seedSigners({
  organizationId,
  petitionId,
  count,
  status = 'confirmed',
  subscribe = true,
  prefix,
  signedAt,
  domain,
}: {
  organizationId: string
  petitionId: string
  count: number
  status?: 'pending' | 'confirmed' | 'held' | 'invalidated'
  subscribe?: boolean
  prefix?: string
  signedAt?: Date
  domain?: string
}): Promise<SeededSigner[]> {
  batch++
  const tag = prefix ?? `b${batch}x${Date.now().toString(36)}`
  const sql = db()
  const supporters = await sql<SeededSigner[]>`
    insert into supporters (organization_id, email, email_canonical, name, unsubscribe_token)
    select ${organizationId}, address, address,
      'Given' || g || ' Family' || g, ${tag} || '-tok-' || g || '-' || md5(random()::text)
    from generate_series(1, ${count}) g,
      lateral (select ${tag} || '.' || g || '@' ||
        coalesce(${domain ?? null}::text, 'd' || g % 10 || '.example.org') as address) a
    returning id as supporter_id, email, name, unsubscribe_token`
  await addSignatures({
    petitionId,
    supporterIds: supporters.map((s) => s.supporterId),
    status,
    subscribe,
    signedAt,
  })
  return supporters
}

/** Signatures by existing supporters on another petition. */
export async function addSignatures({
  petitionId,
  supporterIds,
  status = 'confirmed',
  subscribe = true,
  signedAt,
}: {
  petitionId: string
  supporterIds: string[]
  status?: 'pending' | 'confirmed' | 'held' | 'invalidated'
  subscribe?: boolean
  signedAt?: Date
}): Promise<void> {
  await db()`
    insert into signatures (petition_id, supporter_id, name, email, email_canonical, postal_code,
      country, status, confirmed_at, subscribe, created_at)
    select ${petitionId}, s.id, s.name, s.email, s.email_canonical, '78701', 'US', ${status},
      ${status === 'confirmed' ? new Date() : null}, ${subscribe}, ${signedAt ?? new Date()}
    from supporters s where s.id = any(${supporterIds}::uuid[])`
}

/** "Time passes": every row waiting for a retry or a lease is due now. */
export async function timePasses(messageId?: string): Promise<void> {
  await db()`
    update message_deliveries set next_attempt_at = now()
    where status in ('queued', 'sending') ${messageId ? db()`and message_id = ${messageId}` : db()``}`
}

export async function deliveryRows(messageId: string) {
  return db()<
    {
      id: string
      supporterId: string
      toAddress: string
      status: string
      attempts: number
      lastError: string | null
      secondsToNext: number
    }[]
  >`
    select id::text, supporter_id, to_address, status, attempts, last_error,
      extract(epoch from next_attempt_at - now())::float8 as seconds_to_next
    from message_deliveries where message_id = ${messageId} order by id`
}

/**
 * A campaign to `count` new signers of a new petition, sent now and fanned
 * out: its delivery rows are waiting for the delivery job.
 */
export async function fannedOutCampaign({ count, prefix }: { count: number; prefix?: string }) {
  const { organization, petition } = await makePetition()
  const signers = await seedSigners({
    organizationId: organization.id,
    petitionId: petition.id,
    count,
    ...(prefix ? { prefix } : {}),
  })
  const message = await createCampaign({
    organizationId: organization.id,
    createdBy: null,
    subject: 'Hello {{ supporter.first_name }}',
    body: 'Still {{ case.days_left }} days.',
    petitionIds: [petition.id],
  })
  await sendCampaign({ organizationId: organization.id, messageId: message.id })
  await fanOutCampaignsJob()
  return { organization, petition, signers, message }
}
