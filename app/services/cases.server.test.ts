import { describe, expect, it } from 'vitest'
import { makePetition } from '../../tests/helpers/fixtures'
import { db } from '~/utils/db.server'
import { listCaseEvents } from '~/models/case.server'
import { updateCase } from './cases.server'
import { getPetitionForSigning, getPublicPetitionById } from '~/models/public-petition.server'
import { setPetitionStatus } from '~/models/petition.server'
import { PetitionNotOpenError, signPetition } from '~/models/signature.server'
import {
  CASE_STATUSES,
  isCaseResolved,
  petitionStatusForCaseOutcome,
  type CaseStatus,
} from '~/domain/states'

describe('petitionStatusForCaseOutcome', () => {
  const expected: Record<CaseStatus, ReturnType<typeof petitionStatusForCaseOutcome>> = {
    pending: null,
    scheduled: null,
    stayed: null,
    rescheduled: null,
    reprieved: null,
    commuted: 'won',
    pardoned: 'won',
    exonerated: 'won',
    executed: 'lost',
    closed: 'closed',
  }

  it.each(CASE_STATUSES)('%s', (status) => {
    expect(petitionStatusForCaseOutcome(status)).toBe(expected[status])
  })

  it('closes petitions exactly for the resolved outcomes', () => {
    for (const status of CASE_STATUSES) {
      expect(petitionStatusForCaseOutcome(status) !== null).toBe(isCaseResolved(status))
    }
  })
})

type Fixture = Awaited<ReturnType<typeof makePetition>>

function moveCase(p: Fixture, changes: Parameters<typeof updateCase>[0]['changes']) {
  return updateCase({ organizationId: p.organization.id, caseId: p.case.id, changes })
}

async function petitionRow(id: string) {
  const [row] = await db()<{ status: string; closedAt: Date | null }[]>`
    select status, closed_at from petitions where id = ${id}`
  return row!
}

async function signFromThePublicForm(p: Fixture) {
  const petition = await getPetitionForSigning(p.petition.slug)
  return signPetition({
    petitionId: petition!.id,
    organizationId: petition!.organizationId,
    petitionStatus: petition!.status,
    consentText: 'Keep me updated',
    ip: '203.0.113.20',
    userAgent: 'test',
    name: 'Ada Lovelace',
    email: `ada.${p.petition.id}@example.org`,
    postalCode: '78701',
    country: 'US',
    subscribe: true,
    public: true,
    locality: undefined,
    comment: undefined,
    letter: undefined,
  })
}

describe("a case's outcome settles its petitions", () => {
  it('executed: the petition is lost, closed now, and takes no more signatures', async () => {
    const p = await makePetition()
    expect(await signFromThePublicForm(p)).toBe('created')
    const startedAt = Date.now()
    await moveCase(p, { status: 'executed' })
    const row = await petitionRow(p.petition.id)
    expect(row.status).toBe('lost')
    expect(row.closedAt!.getTime()).toBeGreaterThanOrEqual(startedAt - 5_000)
    await expect(signFromThePublicForm(p)).rejects.toBeInstanceOf(PetitionNotOpenError)
  })

  it('commuted: the petition is won; the timeline records the change', async () => {
    const p = await makePetition()
    await moveCase(p, { status: 'commuted' })
    expect(await petitionRow(p.petition.id)).toMatchObject({ status: 'won' })
    const events = await listCaseEvents(p.case.id)
    expect(events).toContainEqual(
      expect.objectContaining({
        kind: 'status_changed',
        fromStatus: 'scheduled',
        toStatus: 'commuted',
      }),
    )
  })

  it('stayed: the petition stays open and still takes signatures', async () => {
    const p = await makePetition()
    await moveCase(p, { status: 'stayed' })
    expect(await petitionRow(p.petition.id)).toEqual({ status: 'open', closedAt: null })
    expect(await signFromThePublicForm(p)).toBe('created')
  })

  it('rescheduled: the petition stays open and its public deadline is the new date', async () => {
    const p = await makePetition()
    const newDate = new Date(Date.now() + 40 * 86_400_000)
    newDate.setMilliseconds(0)
    await moveCase(p, { status: 'rescheduled', nextDate: newDate })
    expect(await petitionRow(p.petition.id)).toEqual({ status: 'open', closedAt: null })
    const pub = await getPublicPetitionById(p.petition.id)
    expect(pub!.case.nextDate!.toISOString()).toBe(newDate.toISOString())
    const kinds = (await listCaseEvents(p.case.id)).map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['status_changed', 'date_changed']))
  })

  it('a closed petition stays closed (not won) when the case is commuted', async () => {
    const p = await makePetition()
    await setPetitionStatus({ petitionId: p.petition.id, status: 'closed' })
    const closedAt = (await petitionRow(p.petition.id)).closedAt
    await moveCase(p, { status: 'commuted' })
    expect(await petitionRow(p.petition.id)).toEqual({ status: 'closed', closedAt })
  })

  it('a draft is neither opened nor closed by the outcome', async () => {
    const p = await makePetition({ status: 'draft' })
    await moveCase(p, { status: 'executed' })
    expect(await petitionRow(p.petition.id)).toEqual({ status: 'draft', closedAt: null })
  })

  it('a resolved case moved back to active does not reopen its petitions', async () => {
    const p = await makePetition()
    await moveCase(p, { status: 'executed' })
    await moveCase(p, { status: 'scheduled' })
    expect(await petitionRow(p.petition.id)).toMatchObject({ status: 'lost' })
  })

  it('an unchanged status leaves the petitions alone', async () => {
    const p = await makePetition()
    await moveCase(p, { status: 'scheduled', summary: 'Updated summary.' })
    expect(await petitionRow(p.petition.id)).toEqual({ status: 'open', closedAt: null })
  })
})
