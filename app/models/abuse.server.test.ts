import { describe, expect, it } from 'vitest'
import { makePetition } from '../../tests/helpers/fixtures'
import { seedSignatures } from '../../tests/helpers/signatures'
import {
  addAbuseRule,
  AbuseRuleExistsError,
  listAbuseRules,
  listFrequentSources,
  removeAbuseRule,
} from './abuse.server'

describe('abuse lists and unusual signing', () => {
  it('lists the addresses and non-public domains signing often in the last hour, with their lists', async () => {
    const f = await makePetition({ organizationName: `Frequent Org ${Math.random()}` })
    const ctx = { petitionId: f.petition.id, organizationId: f.organization.id }
    const hourAgo = new Date(Date.now() - 2 * 3_600_000)
    await seedSignatures(ctx, [
      ...Array.from({ length: 6 }, (_, i) => ({ email: `c${i}@corp.example`, ip: `192.0.2.${i}` })),
      ...Array.from({ length: 6 }, (_, i) => ({ email: `g${i}@gmail.com`, ip: '198.51.100.9' })),
      ...Array.from({ length: 2 }, (_, i) => ({
        email: `h${i}@corp.example`,
        status: 'held' as const,
      })),
      // Older than an hour: not counted.
      ...Array.from({ length: 9 }, (_, i) => ({ email: `o${i}@old.example`, createdAt: hourAgo })),
    ])
    await addAbuseRule({ ...ctx, kind: 'block', target: { domain: 'corp.example' } })
    await addAbuseRule({ ...ctx, kind: 'allow', target: { cidr: '198.51.100.0/24' } })
    const found = await listFrequentSources({ ...ctx, thresholds: { perIp: 5, perDomain: 5 } })
    expect(found.addresses).toEqual([{ value: '198.51.100.9', total: 6, held: 0, listed: 'allow' }])
    expect(found.domains).toEqual([{ value: 'corp.example', total: 8, held: 2, listed: 'block' }])
    const other = await makePetition({ organizationName: `Not Frequent Org ${Math.random()}` })
    expect(
      await listFrequentSources({
        organizationId: other.organization.id,
        petitionId: ctx.petitionId,
        thresholds: { perIp: 1, perDomain: 1 },
      }),
    ).toEqual({ addresses: [], domains: [] })
  })

  it('keeps one entry per value and list, and removes only its own organization’s', async () => {
    const f = await makePetition({ organizationName: `Rules Org ${Math.random()}` })
    const organizationId = f.organization.id
    await addAbuseRule({ organizationId, kind: 'block', target: { cidr: '2001:db8::/48' } })
    await expect(
      addAbuseRule({ organizationId, kind: 'block', target: { cidr: '2001:db8::/48' } }),
    ).rejects.toBeInstanceOf(AbuseRuleExistsError)
    const [rule] = await listAbuseRules({ organizationId })
    expect(rule).toMatchObject({ kind: 'block', cidr: '2001:db8::/48', domain: null })
    const other = await makePetition({ organizationName: `Other Rules Org ${Math.random()}` })
    expect(await removeAbuseRule({ organizationId: other.organization.id, ruleId: rule!.id })).toBe(
      false,
    )
    expect(await removeAbuseRule({ organizationId, ruleId: 'not-a-uuid' })).toBe(false)
    expect(await removeAbuseRule({ organizationId, ruleId: rule!.id })).toBe(true)
  })
})
