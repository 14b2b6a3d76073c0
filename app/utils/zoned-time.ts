/**
 * `<input type="datetime-local">` values read and written in a case's time
 * zone, not the server's or the browser's. Pure: no dependencies.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/** The zone's offset from UTC at an instant, in minutes (e.g. -300 for EST). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant)
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  )
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000)
}

/**
 * The instant a wall-clock time in `timeZone` names: `2026-12-03T18:00` in
 * America/Chicago is 2026-12-04T00:00Z. A time skipped by a DST jump moves
 * forward by the jump (02:30 on a spring-forward day reads as 03:30); a time
 * that happens twice reads as the first. Null for input that is not a valid
 * date and time, or an unknown zone.
 */
export function zonedLocalToInstant(value: string, timeZone: string): Date | null {
  const m = LOCAL.exec(value.trim())
  if (!m) return null
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null
  const wall = Date.UTC(year, month - 1, day, hour, minute, second)
  const check = new Date(wall)
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null
  try {
    // Try the offsets in force just before and after; the earlier match wins.
    const before = zoneOffsetMinutes(new Date(wall - 86_400_000), timeZone)
    const after = zoneOffsetMinutes(new Date(wall + 86_400_000), timeZone)
    const candidates = [...new Set([before, after])]
      .map((offset) => wall - offset * 60_000)
      .sort((a, b) => a - b)
    for (const candidate of candidates) {
      if (candidate + zoneOffsetMinutes(new Date(candidate), timeZone) * 60_000 === wall)
        return new Date(candidate)
    }
    // In a gap: read it with the offset from before the jump.
    return new Date(wall - before * 60_000)
  } catch {
    return null
  }
}

/** The `datetime-local` value (YYYY-MM-DDTHH:mm) of an instant in `timeZone`. */
export function instantToZonedLocal(instant: Date, timeZone: string): string {
  const wall = new Date(instant.getTime() + zoneOffsetMinutes(instant, timeZone) * 60_000)
  return wall.toISOString().slice(0, 16)
}

/** A compact date and time for tables: "Sat, Nov 28, 2026, 5:41 PM CST". */
export function formatShortDateTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(instant)
}
