import { describe, expect, it } from 'vitest'
import { instantToZonedLocal, zonedLocalToInstant, zoneOffsetMinutes } from './zoned-time'

describe('datetime-local in a case time zone', () => {
  it('reads a wall-clock time in the zone', () => {
    expect(zonedLocalToInstant('2026-12-03T18:00', 'America/Chicago')?.toISOString()).toBe(
      '2026-12-04T00:00:00.000Z',
    )
    expect(zonedLocalToInstant('2026-07-01T18:00', 'America/Chicago')?.toISOString()).toBe(
      '2026-07-01T23:00:00.000Z',
    )
    expect(zonedLocalToInstant('2026-07-01T09:30', 'Asia/Kolkata')?.toISOString()).toBe(
      '2026-07-01T04:00:00.000Z',
    )
    expect(zonedLocalToInstant('2026-07-01T09:30:15', 'UTC')?.toISOString()).toBe(
      '2026-07-01T09:30:15.000Z',
    )
  })

  it('writes an instant back as the same wall-clock time', () => {
    for (const zone of ['America/Chicago', 'America/Los_Angeles', 'Europe/London', 'UTC']) {
      const instant = zonedLocalToInstant('2026-03-20T06:15', zone)!
      expect(instantToZonedLocal(instant, zone)).toBe('2026-03-20T06:15')
    }
    expect(instantToZonedLocal(new Date('2026-12-04T00:00:00Z'), 'America/Chicago')).toBe(
      '2026-12-03T18:00',
    )
  })

  it('handles daylight saving changes', () => {
    // 2026-03-08 02:30 does not exist in Chicago: it reads as 03:30 CDT.
    expect(zonedLocalToInstant('2026-03-08T02:30', 'America/Chicago')?.toISOString()).toBe(
      '2026-03-08T08:30:00.000Z',
    )
    // 2026-11-01 01:30 happens twice in Chicago: the first (CDT) is taken.
    expect(zonedLocalToInstant('2026-11-01T01:30', 'America/Chicago')?.toISOString()).toBe(
      '2026-11-01T06:30:00.000Z',
    )
    expect(zoneOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-300)
    expect(zoneOffsetMinutes(new Date('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-240)
  })

  it('refuses what is not a date, time or zone', () => {
    expect(zonedLocalToInstant('', 'UTC')).toBeNull()
    expect(zonedLocalToInstant('2026-02-30T10:00', 'UTC')).toBeNull()
    expect(zonedLocalToInstant('2026-13-01T10:00', 'UTC')).toBeNull()
    expect(zonedLocalToInstant('tomorrow', 'UTC')).toBeNull()
    expect(zonedLocalToInstant('2026-01-01T10:00', 'Mars/Olympus')).toBeNull()
  })
})
