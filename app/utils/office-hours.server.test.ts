import { describe, expect, it } from 'vitest'
import { describeOfficeStatus, officeHoursError, officeStatus } from './office-hours.server'

const WEEKDAYS = 'Mo-Fr 08:00-17:00'

describe('an office open or closed in its own time zone (fixed clock)', () => {
  // Tuesday, December 1, 2026, 13:30 UTC: 8:30 am in New York, 7:30 am in Chicago.
  const now = new Date('2026-12-01T13:30:00Z')

  it('is open in New York and still closed in Chicago at the same instant', () => {
    const east = officeStatus(WEEKDAYS, 'America/New_York', now)!
    const central = officeStatus(WEEKDAYS, 'America/Chicago', now)!
    expect(east.state).toBe('open')
    expect(east.changesAt).toEqual(new Date('2026-12-01T22:00:00Z'))
    expect(central.state).toBe('closed')
    expect(central.changesAt).toEqual(new Date('2026-12-01T14:00:00Z'))
    expect(describeOfficeStatus(central, 'America/Chicago', now)).toBe(
      'Closed · opens at 8:00 am Central Time, in 30 minutes',
    )
    expect(describeOfficeStatus(east, 'America/New_York', now)).toBe(
      'Open now · closes at 5:00 pm Eastern Time, in 9 hours',
    )
  })

  it('names the day when the office opens after a weekend', () => {
    // Friday, December 4, 2026, 23:30 UTC: 5:30 pm in Chicago, closed until Monday.
    const friday = new Date('2026-12-04T23:30:00Z')
    const status = officeStatus(WEEKDAYS, 'America/Chicago', friday)!
    expect(status.state).toBe('closed')
    expect(status.changesAt).toEqual(new Date('2026-12-07T14:00:00Z'))
    expect(describeOfficeStatus(status, 'America/Chicago', friday)).toBe(
      'Closed · opens Monday at 8:00 am Central Time, in 3 days',
    )
    // The same instant is Saturday 00:30 in Berlin... and 3:30 pm Friday in Honolulu: open.
    expect(officeStatus(WEEKDAYS, 'Pacific/Honolulu', friday)!.state).toBe('open')
  })

  it('follows a daylight-saving change (the wall clock, not UTC)', () => {
    // Monday, March 9, 2026 (after the March 8 change to CDT): 8:00 am is 13:00 UTC.
    const monday = new Date('2026-03-09T12:30:00Z')
    const status = officeStatus(WEEKDAYS, 'America/Chicago', monday)!
    expect(status.state).toBe('closed')
    expect(status.changesAt).toEqual(new Date('2026-03-09T13:00:00Z'))
  })

  it("says it in Spanish to a Spanish reader, in the office's own zone", () => {
    const central = officeStatus(WEEKDAYS, 'America/Chicago', now)!
    expect(describeOfficeStatus(central, 'America/Chicago', now, 'es')).toBe(
      'Cerrada · abre a las 8:00 a.m. (hora central), dentro de 30 minutos',
    )
    const friday = new Date('2026-12-04T23:30:00Z')
    const weekend = officeStatus(WEEKDAYS, 'America/Chicago', friday)!
    expect(describeOfficeStatus(weekend, 'America/Chicago', friday, 'es')).toBe(
      'Cerrada · abre el lunes a las 8:00 a.m. (hora central), dentro de 3 días',
    )
  })

  it('says "tomorrow" for an opening the next day', () => {
    const evening = new Date('2026-12-02T02:00:00Z') // Tuesday 8:00 pm in Chicago
    const status = officeStatus(WEEKDAYS, 'America/Chicago', evening)!
    expect(describeOfficeStatus(status, 'America/Chicago', evening)).toBe(
      'Closed · opens tomorrow at 8:00 am Central Time, in 12 hours',
    )
  })

  it('closes for a state holiday when the hours say PH off', () => {
    const hours = 'Mo-Fr 08:00-17:00; PH off'
    const christmas = new Date('2026-12-25T16:00:00Z') // Friday 10:00 am in Austin
    expect(officeStatus(hours, 'America/Chicago', christmas, { state: 'Texas' })!.state).toBe(
      'closed',
    )
  })
})

describe('office hours that do not read', () => {
  it('are refused with the reason', () => {
    expect(officeHoursError(WEEKDAYS)).toBeNull()
    expect(officeHoursError('Mo-Fx 8-17')).toMatch(/Unexpected token/)
    expect(officeStatus('Mo-Fx 8-17', 'America/Chicago', new Date())).toBeNull()
  })
})
