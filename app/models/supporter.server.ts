import { db } from '~/utils/db.server'

export interface SupporterForUnsubscribe {
  id: string
  organizationName: string
  unsubscribed: boolean
}

export async function getSupporterByUnsubscribeToken(
  token: string,
): Promise<SupporterForUnsubscribe | null> {
  const [row] = await db()<SupporterForUnsubscribe[]>`
    select s.id, o.name as organization_name, s.unsubscribed_at is not null as unsubscribed
    from supporters s join organizations o on o.id = s.organization_id
    where s.unsubscribe_token = ${token}`
  return row ?? null
}

/** Stops the organization's mail to this person. Idempotent. */
export async function unsubscribeSupporter(token: string): Promise<SupporterForUnsubscribe | null> {
  const [row] = await db()<SupporterForUnsubscribe[]>`
    update supporters s set unsubscribed_at = coalesce(s.unsubscribed_at, now()), updated_at = now()
    from organizations o
    where s.unsubscribe_token = ${token} and o.id = s.organization_id
    returning s.id, o.name as organization_name, true as unsubscribed`
  return row ?? null
}
