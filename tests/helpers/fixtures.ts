/** Small, explicit fixtures built with the real models. */
import { attachCaseOfficial, createCase } from '../../app/models/case.server'
import { createOfficial } from '../../app/models/official.server'
import { ensureOrganization } from '../../app/models/organization.server'
import { createPetition } from '../../app/models/petition.server'
import type { PetitionStatus } from '../../app/domain/states'

let counter = 0

export async function makePetition({
  status = 'open',
  daysAway = 5,
  organizationName = 'Test Advocacy Project',
  letterDefault = null,
  goal = 100,
}: {
  status?: PetitionStatus
  daysAway?: number | null
  organizationName?: string
  letterDefault?: string | null
  goal?: number
} = {}) {
  counter++
  const organization = await ensureOrganization({ name: organizationName })
  const kase = await createCase({
    organizationId: organization.id,
    personName: `Test Person ${counter}`,
    caseNumber: `T-${counter}`,
    jurisdiction: 'Texas',
    status: 'scheduled',
    nextDate: daysAway === null ? null : new Date(Date.now() + daysAway * 86_400_000),
    nextDateKind: 'execution',
    timeZone: 'America/Chicago',
    summary: 'A fictional case for tests.',
  })
  const governor = await createOfficial({
    organizationId: organization.id,
    name: `Gov. Test ${counter}`,
    title: 'Governor',
    email: `governor${counter}@officials.example`,
  })
  await attachCaseOfficial({ caseId: kase.id, officialId: governor.id, role: 'governor' })
  const petition = await createPetition({
    organizationId: organization.id,
    caseId: kase.id,
    title: `Spare Test Person ${counter}`,
    body: 'Please **spare** this person.',
    goal,
    status,
    letterDefault,
    targetIds: [governor.id],
  })
  return { organization, case: kase, governor, petition }
}

export function validSignature(overrides: Record<string, string> = {}): Record<string, string> {
  counter++
  return {
    name: `Signer Number${counter}`,
    email: `signer${counter}.${Date.now()}@example.org`,
    postalCode: '78701',
    country: 'US',
    ...overrides,
  }
}
