import { db, inBatches } from '~/utils/db.server'

/**
 * How long signers' personal data is kept (decision 037). Run by the daily
 * privacy job (jobs/privacy.server.ts) in batches, each its own short
 * transaction, so a sweep never holds many rows locked at once.
 *
 * - A signature on a petition closed (closed, won or lost) more than
 *   `VIGIL_ANONYMISE_AFTER_DAYS` ago is anonymised: its status, country,
 *   region (`US-TX`), postal area (the first three digits of a ZIP code, the
 *   outward code of a UK one), source, consent time and dates stay, so every
 *   count, statistic and map stays the same; the name, email, full postal
 *   code, town, comment, letter, IP address, user agent and the link to the
 *   supporter go. Its confirmation tokens and its `signature.confirmed`
 *   webhook event (a copy of the person) go too, and the calls logged to the
 *   petition lose their email and address.
 * - A signature never confirmed (pending, held or invalidated before
 *   confirmation) more than `VIGIL_UNCONFIRMED_DAYS` old is deleted; it never
 *   counted, and the statistics' delete trigger takes it out of them.
 * - A supporter (name, email, unsubscribe token) with no signature left is
 *   deleted, unless it signed in the last day (a signature being written
 *   now bumps it first).
 */

const BATCH = 1000

/** The anonymised email key: unique per signature, and never a real address (no `@`). */
const ANONYMISED = 'anonymised:'

export async function anonymiseClosedSignatures({
  afterDays,
  batch = BATCH,
}: {
  afterDays: number
  batch?: number
}): Promise<number> {
  const total = await inBatches(batch, async (sql) => {
    const rows = await sql<{ id: string; petitionId: string }[]>`
        with due as (
          select s.id, s.supporter_id from signatures s
          join petitions p on p.id = s.petition_id
          where p.status in ('closed', 'won', 'lost')
            and p.closed_at < now() - make_interval(days => ${afterDays})
            and s.anonymised_at is null
          limit ${batch}
          for update of s skip locked
        )
        update signatures s set
          name = '', email = '', email_canonical = ${ANONYMISED} || s.id::text,
          postal_code = signature_region(s.country, s.postal_code),
          locality = null, comment = null, letter = null, ip = null, user_agent = null,
          public = false, supporter_id = null, anonymised_at = now()
        from due where s.id = due.id
        returning s.id, s.petition_id`
    if (rows.length === 0) return 0
    const ids = rows.map((r) => r.id)
    await sql`delete from confirmation_tokens where signature_id = any(${ids}::uuid[])`
    await sql`
        delete from webhook_events
        where type = 'signature.confirmed' and data ->> 'id' = any(${ids}::text[])`
    await sql`
        delete from outbound_emails
        where props ->> 'signatureId' = any(${ids}::text[]) and status in ('sent', 'failed')`
    const petitionIds = [...new Set(rows.map((r) => r.petitionId))]
    await sql`
        update calls set email = null, ip = null
        where petition_id = any(${petitionIds}::uuid[]) and (email is not null or ip is not null)`
    return rows.length
  })
  await deleteOrphanSupporters()
  return total
}

export async function deleteUnconfirmedSignatures({
  afterDays,
  batch = BATCH,
}: {
  afterDays: number
  batch?: number
}): Promise<number> {
  const total = await inBatches(batch, async (sql) => {
    const rows = await sql<{ id: string }[]>`
        delete from signatures where id in (
          select id from signatures
          where confirmed_at is null and created_at < now() - make_interval(days => ${afterDays})
          order by created_at
          limit ${batch}
          for update skip locked)
        returning id`
    // Their confirmation mail (the address it went to); one being sent now is left to finish.
    if (rows.length)
      await sql`
          delete from outbound_emails
          where props ->> 'signatureId' = any(${rows.map((r) => r.id)}::text[])
            and status <> 'sending'`
    return rows.length
  })
  await deleteOrphanSupporters()
  return total
}

/**
 * Supporters with no signature left (and none being written), nor a
 * partner's consent on one (decision 043: a partner's supporter row hangs
 * on its consents): their name and email go.
 */
export async function deleteOrphanSupporters(): Promise<number> {
  const rows = await db()`
    delete from supporters sup
    where sup.updated_at < now() - interval '1 day'
      and not exists (select 1 from signatures s where s.supporter_id = sup.id)
      and not exists (select 1 from signature_partner_consents c where c.supporter_id = sup.id)
    returning 1`
  return rows.length
}
