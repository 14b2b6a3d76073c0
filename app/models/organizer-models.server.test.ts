import { describe, expect, it } from 'vitest'
import { makePetition } from '../../tests/helpers/fixtures'
import { db } from '~/utils/db.server'
import { addCaseEvent, updateCase } from '~/services/cases.server'
import {
  countCasesForOrganization,
  createCase,
  getCaseForOrganization,
  listCaseEvents,
  listCaseOfficials,
  listCasesForOrganization,
  setCaseOfficials,
} from './case.server'
import { UnknownOfficialsError } from './official.server'
import {
  countOfficials,
  createOfficial,
  createOfficialChecked,
  getOfficialForOrganization,
  listOfficials,
  OfficialEmailTakenError,
  updateOfficial,
  upsertOfficialByEmail,
} from './official.server'
import {
  countPetitionsForOrganization,
  createPetition,
  getPetitionForOrganization,
  listPetitionsForOrganization,
  PetitionStatusChangeError,
  UnknownCaseError,
  updatePetition,
} from './petition.server'

let n = 0
async function twoOrgs() {
  n++
  const a = await makePetition({ organizationName: `Org A ${n}` })
  const b = await makePetition({ organizationName: `Org B ${n}` })
  return { a, b }
}

describe('cases', () => {
  it('are read, listed and counted only within their organization', async () => {
    const { a, b } = await twoOrgs()
    const orgA = a.organization.id
    expect((await getCaseForOrganization({ organizationId: orgA, caseId: a.case.id }))?.id).toBe(
      a.case.id,
    )
    expect(await getCaseForOrganization({ organizationId: orgA, caseId: b.case.id })).toBeNull()
    expect(await getCaseForOrganization({ organizationId: orgA, caseId: 'not-a-uuid' })).toBeNull()
    await createCase({ organizationId: orgA, personName: 'Zed Searchable', jurisdiction: 'Ohio' })
    const all = await listCasesForOrganization({ organizationId: orgA, limit: 10, offset: 0 })
    expect(all.map((c) => c.organizationId)).toEqual([orgA, orgA])
    expect(await countCasesForOrganization({ organizationId: orgA })).toBe(2)
    const found = await listCasesForOrganization({ organizationId: orgA, limit: 10, q: 'zed sea' })
    expect(found.map((c) => c.personName)).toEqual(['Zed Searchable'])
    expect(await countCasesForOrganization({ organizationId: orgA, q: '100%_' })).toBe(0)
  })

  it('records a status change and a date change on the timeline, with who, note and source', async () => {
    const { a } = await twoOrgs()
    const [user] = await db()<{ id: string }[]>`
      insert into users (email, email_canonical) values ('who@example.org', 'who@example.org')
      returning id`
    const newDate = new Date('2027-03-01T23:00:00Z')
    const updated = await updateCase({
      organizationId: a.organization.id,
      caseId: a.case.id,
      changes: { status: 'rescheduled', nextDate: newDate, summary: 'New summary' },
      note: 'Court reset the date',
      sourceUrl: 'https://court.example/order',
      actorId: user!.id,
    })
    expect(updated?.status).toBe('rescheduled')
    expect(updated?.summary).toBe('New summary')
    const events = await db()<
      {
        kind: string
        fromStatus: string | null
        toStatus: string | null
        fromDate: Date | null
        toDate: Date | null
        note: string
        sourceUrl: string
        createdBy: string
      }[]
    >`select kind, from_status, to_status, from_date, to_date, note, source_url, created_by
      from case_events where case_id = ${a.case.id} and kind <> 'created' order by kind desc`
    expect(events).toHaveLength(2)
    expect(events[0]).toMatchObject({
      kind: 'status_changed',
      fromStatus: 'scheduled',
      toStatus: 'rescheduled',
      note: 'Court reset the date',
      sourceUrl: 'https://court.example/order',
      createdBy: user!.id,
    })
    expect(events[1]!.kind).toBe('date_changed')
    expect(events[1]!.fromDate?.getTime()).toBe(a.case.nextDate!.getTime())
    expect(events[1]!.toDate?.getTime()).toBe(newDate.getTime())
  })

  it('adds no timeline event when status and date stay the same, and nothing for another org', async () => {
    const { a, b } = await twoOrgs()
    await updateCase({
      organizationId: a.organization.id,
      caseId: a.case.id,
      changes: { status: 'scheduled', nextDate: new Date(a.case.nextDate!), court: 'Some Court' },
    })
    expect((await listCaseEvents(a.case.id)).map((e) => e.kind)).toEqual(['created'])
    expect(
      await updateCase({
        organizationId: a.organization.id,
        caseId: b.case.id,
        changes: { status: 'stayed' },
      }),
    ).toBeNull()
    expect(
      (await getCaseForOrganization({ organizationId: b.organization.id, caseId: b.case.id }))
        ?.status,
    ).toBe('scheduled')
  })

  it('takes timeline events only for its own cases', async () => {
    const { a, b } = await twoOrgs()
    const event = await addCaseEvent({
      organizationId: a.organization.id,
      caseId: a.case.id,
      kind: 'clemency_denied',
      occurredAt: new Date('2026-11-01T15:00:00Z'),
      note: 'Board voted 5-2',
      sourceUrl: 'https://board.example/vote',
      actorId: null,
    })
    expect(event).toMatchObject({ kind: 'clemency_denied', note: 'Board voted 5-2' })
    expect(
      await addCaseEvent({
        organizationId: a.organization.id,
        caseId: b.case.id,
        kind: 'note',
        occurredAt: null,
        note: 'x',
        sourceUrl: null,
        actorId: null,
      }),
    ).toBeNull()
    expect(await listCaseEvents(b.case.id)).toHaveLength(1)
  })

  it('attaches only the organization’s officials as decision makers', async () => {
    const { a, b } = await twoOrgs()
    const judge = await createOfficial({ organizationId: a.organization.id, name: 'Judge Judy' })
    const set = await setCaseOfficials({
      organizationId: a.organization.id,
      caseId: a.case.id,
      officials: [{ officialId: judge.id, role: 'judge' }],
    })
    expect(set?.map((o) => [o.name, o.role])).toEqual([['Judge Judy', 'judge']])
    await expect(
      setCaseOfficials({
        organizationId: a.organization.id,
        caseId: a.case.id,
        officials: [{ officialId: b.governor.id, role: 'governor' }],
      }),
    ).rejects.toBeInstanceOf(UnknownOfficialsError)
    expect(await listCaseOfficials(a.case.id)).toHaveLength(1)
    expect(
      await setCaseOfficials({
        organizationId: a.organization.id,
        caseId: b.case.id,
        officials: [],
      }),
    ).toBeNull()
    expect(await listCaseOfficials(b.case.id)).toHaveLength(1)
  })
})

describe('officials', () => {
  it('are read, listed, searched and changed only within their organization', async () => {
    const { a, b } = await twoOrgs()
    const orgA = a.organization.id
    expect(
      (await getOfficialForOrganization({ organizationId: orgA, officialId: a.governor.id }))?.name,
    ).toBe(a.governor.name)
    expect(
      await getOfficialForOrganization({ organizationId: orgA, officialId: b.governor.id }),
    ).toBeNull()
    await createOfficial({ organizationId: orgA, name: 'Attorney General Pat', office: 'AG' })
    expect(await countOfficials({ organizationId: orgA })).toBe(2)
    expect(
      (await listOfficials({ organizationId: orgA, limit: 10, offset: 0, q: 'attorney' })).map(
        (o) => o.name,
      ),
    ).toEqual(['Attorney General Pat'])
    const changed = await updateOfficial({
      organizationId: orgA,
      officialId: a.governor.id,
      changes: { phone: '+1 512 555 0100' },
    })
    expect(changed?.phone).toBe('+1 512 555 0100')
    expect(
      await updateOfficial({
        organizationId: orgA,
        officialId: b.governor.id,
        changes: { name: 'Hijacked' },
      }),
    ).toBeNull()
    expect(
      (
        await getOfficialForOrganization({
          organizationId: b.organization.id,
          officialId: b.governor.id,
        })
      )?.name,
    ).not.toBe('Hijacked')
  })

  it('updates the official with the same email instead of adding a second', async () => {
    const { a } = await twoOrgs()
    const orgA = a.organization.id
    const first = await upsertOfficialByEmail({
      organizationId: orgA,
      name: 'Board Member',
      email: 'member@board.example',
    })
    expect(first.created).toBe(true)
    const second = await upsertOfficialByEmail({
      organizationId: orgA,
      name: 'Board Member Renamed',
      title: 'Chair',
      email: 'MEMBER@board.example',
    })
    expect(second.created).toBe(false)
    expect(second.official.id).toBe(first.official.id)
    expect(second.official.title).toBe('Chair')
    expect(await countOfficials({ organizationId: orgA, q: 'board' })).toBe(1)
  })

  it('refuses a second official with an email the organization already has', async () => {
    const { a, b } = await twoOrgs()
    await expect(
      createOfficialChecked({
        organizationId: a.organization.id,
        name: 'Copy',
        email: a.governor.email!.toUpperCase(),
      }),
    ).rejects.toBeInstanceOf(OfficialEmailTakenError)
    const other = await createOfficial({ organizationId: a.organization.id, name: 'Other' })
    await expect(
      updateOfficial({
        organizationId: a.organization.id,
        officialId: other.id,
        changes: { email: a.governor.email },
      }),
    ).rejects.toBeInstanceOf(OfficialEmailTakenError)
    // The same email in another organization is someone else's directory.
    const elsewhere = await createOfficialChecked({
      organizationId: b.organization.id,
      name: 'Same Email',
      email: a.governor.email,
    })
    expect(elsewhere.organizationId).toBe(b.organization.id)
  })
})

describe('petitions', () => {
  it('default their targets to the case’s decision makers and refuse foreign cases and targets', async () => {
    const { a, b } = await twoOrgs()
    const orgA = a.organization.id
    const p = await createPetition({ organizationId: orgA, caseId: a.case.id, title: 'Default' })
    const got = await getPetitionForOrganization({ organizationId: orgA, petitionId: p.id })
    expect(got?.targets.map((t) => t.id)).toEqual([a.governor.id])
    expect(got?.status).toBe('draft')
    await expect(
      createPetition({ organizationId: orgA, caseId: b.case.id, title: 'Foreign case' }),
    ).rejects.toBeInstanceOf(UnknownCaseError)
    await expect(
      createPetition({
        organizationId: orgA,
        caseId: a.case.id,
        title: 'Foreign target',
        targetIds: [b.governor.id],
      }),
    ).rejects.toBeInstanceOf(UnknownOfficialsError)
    expect(await countPetitionsForOrganization({ organizationId: orgA })).toBe(2)
  })

  it('are read and listed only within their organization, drafts included', async () => {
    const { a, b } = await twoOrgs()
    const orgA = a.organization.id
    await createPetition({ organizationId: orgA, caseId: a.case.id, title: 'A draft' })
    expect(
      await getPetitionForOrganization({ organizationId: orgA, petitionId: b.petition.id }),
    ).toBeNull()
    const list = await listPetitionsForOrganization({ organizationId: orgA, limit: 10, offset: 0 })
    expect(list.map((p) => p.title).sort()).toEqual(['A draft', a.petition.title].sort())
    expect(
      (
        await listPetitionsForOrganization({ organizationId: orgA, limit: 10, status: 'draft' })
      ).map((p) => p.title),
    ).toEqual(['A draft'])
    expect(await countPetitionsForOrganization({ organizationId: orgA, q: 'draft' })).toBe(1)
  })

  it('move through their lifecycle: publish, close, reopen, win; never back to draft', async () => {
    const { a, b } = await twoOrgs()
    const orgA = a.organization.id
    const p = await createPetition({ organizationId: orgA, caseId: a.case.id, title: 'Life' })
    const change = (changes: Parameters<typeof updatePetition>[0]['changes']) =>
      updatePetition({ organizationId: orgA, petitionId: p.id, changes })
    await expect(change({ status: 'closed' })).rejects.toBeInstanceOf(PetitionStatusChangeError)
    expect((await change({ status: 'open' }))?.status).toBe('open')
    expect((await change({ status: 'closed' }))?.status).toBe('closed')
    expect((await change({ status: 'open', title: 'Reopened' }))?.title).toBe('Reopened')
    expect((await change({ status: 'won' }))?.status).toBe('won')
    await expect(change({ status: 'draft' })).rejects.toBeInstanceOf(PetitionStatusChangeError)
    const [times] = await db()<{ openedAt: Date | null; closedAt: Date | null }[]>`
      select opened_at, closed_at from petitions where id = ${p.id}`
    expect(times!.openedAt).toBeInstanceOf(Date)
    expect(times!.closedAt).toBeInstanceOf(Date)
    expect(
      await updatePetition({
        organizationId: orgA,
        petitionId: b.petition.id,
        changes: { status: 'closed' },
      }),
    ).toBeNull()
  })

  it('replace their targets with the organization’s officials only', async () => {
    const { a, b } = await twoOrgs()
    const orgA = a.organization.id
    const ag = await createOfficial({ organizationId: orgA, name: 'AG' })
    const changed = await updatePetition({
      organizationId: orgA,
      petitionId: a.petition.id,
      changes: { targetIds: [ag.id], goal: 5000 },
    })
    expect(changed?.targets.map((t) => t.name)).toEqual(['AG'])
    expect(changed?.goal).toBe(5000)
    await expect(
      updatePetition({
        organizationId: orgA,
        petitionId: a.petition.id,
        changes: { targetIds: [ag.id, b.governor.id] },
      }),
    ).rejects.toBeInstanceOf(UnknownOfficialsError)
    const after = await getPetitionForOrganization({
      organizationId: orgA,
      petitionId: a.petition.id,
    })
    expect(after?.targets.map((t) => t.name)).toEqual(['AG'])
  })
})
