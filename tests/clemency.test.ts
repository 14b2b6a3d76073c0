/**
 * Who decides clemency: the data file covers every US death-penalty state,
 * the federal system and the military, each row sourced; a new case is
 * proposed the roles its jurisdiction needs; a petition that reaches no one
 * who decides is warned about before it is published; the public pages say
 * how the decision is made; an organization's correction applies to its own
 * cases only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLEMENCY_RULES, clemencyCode, describeClemency } from '../app/domain/clemency'
import { attachCaseOfficial, createCase } from '../app/models/case.server'
import { createOfficial } from '../app/models/official.server'
import { createPetition } from '../app/models/petition.server'
import { callApi, makeApiOrganization } from './helpers/api'
import { makeOrganizer, signInCookie } from './helpers/organizers'
import { postForm, startTestServer, type TestServer } from './helpers/server'

// The 27 states with the death penalty on the books in 2026.
const DEATH_PENALTY_STATES =
  'AL AZ AR CA FL GA ID IN KS KY LA MS MO MT NE NV NC OH OK OR PA SC SD TN TX UT WY'.split(' ')

describe('the clemency data file', () => {
  it('has one sourced row per death-penalty state, the federal system and the military', () => {
    const codes = CLEMENCY_RULES.map((r) => r.code)
    expect(new Set(codes).size).toBe(codes.length)
    expect(codes.sort()).toEqual(
      [...DEATH_PENALTY_STATES.map((s) => `US-${s}`), 'US-FED', 'US-MIL'].sort(),
    )
    for (const rule of CLEMENCY_RULES) {
      expect(rule.sourceUrl, rule.code).toMatch(/^https:\/\//)
      expect(describeClemency(rule).split(/(?<=\.)\s/).length, rule.code).toBeLessThanOrEqual(2)
    }
    // Unverified rows exist and say so; they are not dressed up as checked.
    expect(CLEMENCY_RULES.find((r) => r.code === 'US-MIL')!.verified).toBe(false)
  })

  it('reads jurisdictions as organizers write them', () => {
    expect(clemencyCode('Texas')).toBe('US-TX')
    expect(clemencyCode('State of Texas')).toBe('US-TX')
    expect(clemencyCode('US-TX')).toBe('US-TX')
    expect(clemencyCode('tx')).toBe('US-TX')
    expect(clemencyCode('Federal')).toBe('US-FED')
    expect(clemencyCode('U.S. Military')).toBe('US-MIL')
    expect(clemencyCode('Commonwealth of Pennsylvania')).toBe('US-PA')
    expect(clemencyCode('Narnia')).toBeNull()
  })
})

let server: TestServer
let org: Awaited<ReturnType<typeof makeApiOrganization>>
let other: Awaited<ReturnType<typeof makeApiOrganization>>
let cookie: string

beforeAll(async () => {
  server = await startTestServer({ worker: false })
  org = await makeApiOrganization('Clemency Org')
  other = await makeApiOrganization('Other Clemency Org')
  const admin = await makeOrganizer({ organizationName: 'Clemency Org', role: 'admin' })
  cookie = await signInCookie(server.url, { email: admin.user.email })
})

afterAll(async () => {
  await server.close()
})

describe('cases and petitions', () => {
  it('proposes the roles a new case’s jurisdiction needs', async () => {
    const res = await callApi(server.url, 'POST', '/api/v1/cases', {
      token: org.token,
      body: { person_name: 'Proposed Person', jurisdiction: 'Federal' },
    })
    expect(res.status).toBe(201)
    expect(res.body.clemency).toMatchObject({
      structure: 'president_with_pardon_attorney',
      decision_roles: ['president'],
      advisory_roles: ['pardon_attorney'],
      missing_roles: ['president', 'pardon_attorney'],
    })
    const page = await (
      await fetch(`${server.url}/dashboard/cases/${res.body.id}`, { headers: { cookie } })
    ).text()
    expect(page).toContain('the President decides clemency, advised by the Pardon Attorney')
    expect(page).toContain('Add president and pardon attorney below')
  })

  it('says on the public pages how the decision is made there', async () => {
    const casePage = await (await fetch(`${server.url}/cases/${org.case.slug}`)).text()
    expect(casePage).toContain(
      'In Texas, the governor can grant clemency only if the Board of Pardons and Paroles recommends it.',
    )
    const petitionPage = await (await fetch(`${server.url}/petitions/${org.petition.slug}`)).text()
    expect(petitionPage).toContain('In Texas, the governor can grant clemency only if')
  })

  it("says it in Spanish to a Spanish reader, Vigil's note too", async () => {
    const headers = { 'Accept-Language': 'es-US,es;q=0.9' }
    const casePage = await (await fetch(`${server.url}/cases/${org.case.slug}`, { headers })).text()
    expect(casePage).toContain(
      'En Texas, el gobernador o la gobernadora solo puede conceder la clemencia si la junta (Board of Pardons and Paroles) la recomienda.',
    )
    expect(casePage).toContain('Sin la junta, el gobernador o la gobernadora solo puede conceder')
    expect(casePage).not.toContain('the governor can grant clemency')
  })

  it('warns before publishing a petition that reaches no one who decides', async () => {
    const kase = await createCase({
      organizationId: org.organization.id,
      personName: 'Warned Person',
      jurisdiction: 'Georgia',
      status: 'scheduled',
      timeZone: 'America/New_York',
    })
    const prosecutor = await createOfficial({
      organizationId: org.organization.id,
      name: 'DA Pat Quinn',
      title: 'District Attorney',
    })
    await attachCaseOfficial({ caseId: kase.id, officialId: prosecutor.id, role: 'prosecutor' })
    const draft = await createPetition({
      organizationId: org.organization.id,
      caseId: kase.id,
      title: 'Ask the DA',
      status: 'draft',
      targetIds: [prosecutor.id],
    })
    const api = await callApi(server.url, 'GET', `/api/v1/petitions/${draft.id}`, {
      token: org.token,
    })
    expect(api.body.decision_warning).toMatch(/None of this petition's targets can decide/)
    expect(api.body.decision_warning).toContain('State Board of Pardons and Paroles')

    const url = `${server.url}/dashboard/petitions/${draft.id}`
    const refused = await postForm(url, { intent: 'status', status: 'open' }, { cookie })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Publish anyway')
    const published = await postForm(
      url,
      { intent: 'status', status: 'open', anyway: 'on' },
      { cookie },
    )
    expect(published.status).toBe(303)

    // A petition to the governor in Texas reaches someone who decides: no warning.
    const own = await callApi(server.url, 'GET', `/api/v1/petitions/${org.petition.id}`, {
      token: org.token,
    })
    expect(own.body.decision_warning).toBeNull()
  })

  it('lets an organization correct a row for its own cases only', async () => {
    const corrected = await postForm(
      `${server.url}/dashboard/clemency`,
      {
        intent: 'correct',
        code: 'US-TX',
        structure: 'board_alone',
        board: 'Board of Pardons and Paroles',
        note: '',
        sourceUrl: 'https://example.org/our-reading',
      },
      { cookie },
    )
    expect(corrected.status).toBe(303)
    const ours = await (await fetch(`${server.url}/cases/${org.case.slug}`)).text()
    expect(ours).toContain('In Texas, the Board of Pardons and Paroles decides clemency')
    expect(ours).toContain('as the organizers describe it')
    const theirs = await (await fetch(`${server.url}/cases/${other.case.slug}`)).text()
    expect(theirs).toContain('In Texas, the governor can grant clemency only if')

    const reverted = await postForm(
      `${server.url}/dashboard/clemency`,
      { intent: 'revert', code: 'US-TX' },
      { cookie },
    )
    expect(reverted.status).toBe(303)
    expect(await (await fetch(`${server.url}/cases/${org.case.slug}`)).text()).toContain(
      'the governor can grant clemency only if',
    )
  })

  it('takes a correction from any organizer of the organization, admin or not', async () => {
    const organizer = await makeOrganizer({ organizationName: 'Clemency Org', role: 'organizer' })
    const theirCookie = await signInCookie(server.url, { email: organizer.user.email })
    const res = await postForm(
      `${server.url}/dashboard/clemency`,
      { intent: 'correct', code: 'US-UT', structure: 'board_alone', board: 'Board of Pardons' },
      { cookie: theirCookie },
    )
    expect(res.status).toBe(303)
    const bad = await postForm(
      `${server.url}/dashboard/clemency`,
      { intent: 'correct', code: 'US-UT', structure: 'governor_on_board_recommendation' },
      { cookie: theirCookie },
    )
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('Name the board whose recommendation the governor needs.')
  })
})
