import { describe, expect, it } from 'vitest'
import { makePetition } from '../../tests/helpers/fixtures'
import { db } from '~/utils/db.server'
import type { CaseStatus } from '~/domain/states'
import { buildDueLetterDigests } from './letter-digest.server'

/**
 * The last digest before a deadline goes only while the deadline is in
 * force (decision 023): a stay or a reprieve suspends the date, so letters
 * keep going on the petition's schedule and the final digest waits for a
 * date in force again.
 */
async function lettersDueAnHourBefore(status: CaseStatus) {
  const {
    organization,
    petition,
    case: kase,
  } = await makePetition({
    letterDefault: 'Please grant clemency.',
  })
  const now = new Date()
  await db()`update petitions set letter_digest = 'hourly' where id = ${petition.id}`
  await db()`
    update cases set status = ${status}, next_date = ${new Date(now.getTime() + 3_600_000)}
    where id = ${kase.id}`
  const [supporter] = await db()<{ id: string }[]>`
    insert into supporters (organization_id, email, email_canonical, name, unsubscribe_token)
    values (${organization.id}, ${`${kase.id}@signers.example`}, ${`${kase.id}@signers.example`},
      'Ana Ruiz', ${`tok-${kase.id}`})
    returning id`
  await db()`
    insert into signatures (petition_id, supporter_id, name, email, email_canonical, postal_code,
      country, letter, status, confirmed_at, created_at)
    values (${petition.id}, ${supporter!.id}, 'Ana Ruiz', ${`${kase.id}@signers.example`},
      ${`${kase.id}@signers.example`}, '78701', 'US', 'Spare him.', 'confirmed',
      ${new Date(now.getTime() - 2 * 3_600_000)}, ${new Date(now.getTime() - 2 * 3_600_000)})`
  const built = await buildDueLetterDigests({ now })
  return built.filter((d) => d.petitionId === petition.id).map((d) => d.kind)
}

describe('the final letter digest', () => {
  it('goes within two hours of a date in force', async () => {
    expect(await lettersDueAnHourBefore('scheduled')).toEqual(['final'])
  })

  it('waits while the case is stayed or reprieved; the letters go on schedule', async () => {
    expect(await lettersDueAnHourBefore('stayed')).toEqual(['scheduled'])
    expect(await lettersDueAnHourBefore('reprieved')).toEqual(['scheduled'])
  })
})
