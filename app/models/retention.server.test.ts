import { describe, expect, it } from 'vitest'
import { makePetition } from '../../tests/helpers/fixtures'
import { seedSignatures } from '../../tests/helpers/signatures'
import { db } from '~/utils/db.server'
import { repairCount, rollupCounts } from './count.server'
import { getPetitionStats } from './petition-stats.server'
import { anonymiseClosedSignatures, deleteUnconfirmedSignatures } from './retention.server'

const DAY = 86_400_000

async function closeDaysAgo(petitionId: string, days: number) {
  await db()`
    update petitions set status = 'closed', closed_at = now() - make_interval(days => ${days})
    where id = ${petitionId}`
}

/** Every signature and supporter column that could name the person, as one text per row. */
async function traces(email: string) {
  const rows = await db()<{ n: number }[]>`
    select (
      (select count(*) from signatures where email = ${email} or email_canonical = ${email})
      + (select count(*) from supporters where email = ${email})
      + (select count(*) from outbound_emails where to_address = ${email})
      + (select count(*) from calls where email = ${email})
    )::int as n`
  return rows[0]!.n
}

async function shownCount(petitionId: string) {
  await rollupCounts()
  const [row] = await db()<{ n: number }[]>`
    select signature_count as n from petitions where id = ${petitionId}`
  return row!.n
}

describe('retention: anonymisation after a petition closes', () => {
  it('keeps the counts, statistics and regions; takes the name, email, postal code, town, comment, letter, IP', async () => {
    const organizationName = `Retention Org ${Math.random()}`
    const closed = await makePetition({ organizationName })
    const open = await makePetition({ organizationName })
    const ctx = (f: typeof closed) => ({
      petitionId: f.petition.id,
      organizationId: f.organization.id,
    })
    const both = `both.${Date.now()}@example.org`
    const onlyClosed = `only.${Date.now()}@example.org`
    await seedSignatures(ctx(closed), [
      {
        email: both,
        name: 'Bea Both',
        postalCode: '78701',
        locality: 'Austin',
        comment: 'I am Bea from 5th Street',
        letter: 'Dear Governor, my name is Bea.',
        ip: '203.0.113.7',
        public: true,
      },
      { email: onlyClosed, name: 'Olga Only', postalCode: '10001', ip: '203.0.113.8' },
      { status: 'invalidated', postalCode: '60601' },
    ])
    await seedSignatures(ctx(open), [{ email: both, name: 'Bea Both' }])
    await db()`
      insert into calls (petition_id, official_id, outcome, email, ip)
      values (${closed.petition.id}, ${closed.governor.id}, 'talked', ${onlyClosed}, '203.0.113.8')`
    // They signed long ago: the supporter rows are old too.
    await db()`update supporters set updated_at = now() - interval '300 days'
      where organization_id = ${closed.organization.id}`
    await closeDaysAgo(closed.petition.id, 200)
    await repairCount({ petitionId: closed.petition.id })

    const statsBefore = await getPetitionStats({
      petitionId: closed.petition.id,
      timeZone: 'UTC',
    })
    const countBefore = await shownCount(closed.petition.id)
    expect(countBefore).toBe(2)

    expect(await anonymiseClosedSignatures({ afterDays: 180, batch: 2 })).toBe(3)

    // What a reader of the petition, the dashboard or the map sees is unchanged.
    expect(await shownCount(closed.petition.id)).toBe(countBefore)
    expect(await repairCount({ petitionId: closed.petition.id })).toBe(countBefore)
    const statsAfter = await getPetitionStats({ petitionId: closed.petition.id, timeZone: 'UTC' })
    expect(statsAfter.counts).toEqual(statsBefore.counts)
    expect(statsAfter.countries).toEqual(statsBefore.countries)

    const rows = await db()<Record<string, unknown>[]>`
      select name, email, postal_code, region, country, locality, comment, letter, ip, user_agent,
        public, supporter_id, status, anonymised_at is not null as anonymised
      from signatures where petition_id = ${closed.petition.id} order by postal_code`
    expect(rows.map((r) => [r.postalCode, r.region, r.status])).toEqual([
      ['100', 'US-NY', 'confirmed'],
      ['606', 'US-IL', 'invalidated'],
      ['787', 'US-TX', 'confirmed'],
    ])
    for (const r of rows)
      expect(r).toMatchObject({
        name: '',
        email: '',
        country: 'US',
        locality: null,
        comment: null,
        letter: null,
        ip: null,
        userAgent: null,
        public: false,
        supporterId: null,
        anonymised: true,
      })

    // Olga signed nothing else: nothing anywhere names her any more.
    expect(await traces(onlyClosed)).toBe(0)
    // Bea still signs an open petition: her supporter row and that signature stay whole.
    const [bea] = await db()<{ name: string; signatures: number }[]>`
      select sup.name, (select count(*)::int from signatures s where s.supporter_id = sup.id) as signatures
      from supporters sup where sup.email = ${both}`
    expect(bea).toEqual({ name: 'Bea Both', signatures: 1 })

    // A petition closed recently is left alone; a second run changes nothing.
    expect(await anonymiseClosedSignatures({ afterDays: 180 })).toBe(0)
    const [openRow] = await db()<{ name: string }[]>`
      select name from signatures where petition_id = ${open.petition.id}`
    expect(openRow!.name).toBe('Bea Both')
  })

  it('leaves a petition closed less than the days ago whole', async () => {
    const f = await makePetition({ organizationName: `Recent Close ${Math.random()}` })
    await seedSignatures({ petitionId: f.petition.id, organizationId: f.organization.id }, [
      { name: 'Recent Signer' },
    ])
    await closeDaysAgo(f.petition.id, 100)
    expect(await anonymiseClosedSignatures({ afterDays: 180 })).toBe(0)
    const [row] = await db()<{ name: string }[]>`
      select name from signatures where petition_id = ${f.petition.id}`
    expect(row!.name).toBe('Recent Signer')
  })
})

describe('retention: never-confirmed signatures', () => {
  it('deletes those older than the days, keeps the count, and takes them out of the statistics', async () => {
    const f = await makePetition({ organizationName: `Unconfirmed Org ${Math.random()}` })
    const ctx = { petitionId: f.petition.id, organizationId: f.organization.id }
    const stale = `stale.${Date.now()}@example.org`
    const [staleId, , , heldId] = await seedSignatures(ctx, [
      { email: stale, status: 'pending', createdAt: new Date(Date.now() - 40 * DAY) },
      { status: 'pending', createdAt: new Date(Date.now() - 5 * DAY) },
      { status: 'confirmed', createdAt: new Date(Date.now() - 90 * DAY) },
      { status: 'held', createdAt: new Date(Date.now() - 31 * DAY) },
    ])
    await db()`
      insert into outbound_emails (organization_id, template, to_address, props, status)
      values (${f.organization.id}, 'signature.confirm', ${stale},
        ${db().json({ signatureId: staleId! })}, 'sent')`
    await db()`update supporters set updated_at = now() - interval '40 days'
      where organization_id = ${f.organization.id}`
    const count = await shownCount(f.petition.id)

    expect(await deleteUnconfirmedSignatures({ afterDays: 30 })).toBe(2)

    const left = await db()<{ id: string; status: string }[]>`
      select id, status from signatures where petition_id = ${f.petition.id} order by created_at`
    expect(left.map((r) => r.status)).toEqual(['confirmed', 'pending'])
    expect(left.map((r) => r.id)).not.toContain(heldId)
    expect(await shownCount(f.petition.id)).toBe(count)
    expect(await traces(stale)).toBe(0)
    const stats = await getPetitionStats({ petitionId: f.petition.id, timeZone: 'UTC' })
    expect(stats.counts).toMatchObject({ confirmed: 1, pending: 1, held: 0 })
  })
})
