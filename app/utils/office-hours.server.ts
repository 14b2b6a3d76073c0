import OpeningHours from 'opening_hours'
import { DEFAULT_LANGUAGE, intlLocale, translator } from './i18n'
import { instantToZonedLocal, zonedLocalToInstant } from './zoned-time'

/**
 * An office's hours (OpenStreetMap `opening_hours` syntax, read by the
 * `opening_hours` library, the syntax's reference implementation) in the
 * office's own time zone.
 *
 * The library reads a Date's local fields (getHours, getDay), which are the
 * server's zone, not the office's. So an instant is handed to it as a Date
 * whose local fields show the office's wall clock, and its answers are read
 * back the same way. (A wall time that the server's own zone skips at a DST
 * change moves by that hour; servers run in UTC, which skips none.)
 */

/** Where the office is, for public holidays (`PH`): its US state's name, if known. */
export interface OfficePlace {
  state?: string | null
}

function nominatim(place: OfficePlace) {
  return {
    lat: 0,
    lon: 0,
    address: { country_code: 'us', state: place.state ?? '' },
  }
}

function build(value: string, place: OfficePlace) {
  return new OpeningHours(
    value,
    nominatim(place) as never,
    {
      mode: 0,
      tag_key: 'opening_hours',
      map_value: false,
      warnings_severity: 4,
      locale: 'en',
    } as never,
  )
}

/** Null when the hours read; else what is wrong, in the library's words (first line). */
export function officeHoursError(value: string, place: OfficePlace = {}): string | null {
  try {
    build(value, place)
    return null
  } catch (error) {
    const message = String((error as Error)?.message ?? error)
    return message
      .split('\n')[0]!
      .replace(/\s*<---\s*/g, ' ← ')
      .trim()
  }
}

/** A Date whose local fields read as the wall clock in `timeZone` at `instant`. */
function toWallClock(instant: Date, timeZone: string): Date {
  const [date, time] = instantToZonedLocal(instant, timeZone).split('T') as [string, string]
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const [h, min] = time.split(':').map(Number) as [number, number]
  return new Date(y, m - 1, d, h, min, instant.getUTCSeconds())
}

function fromWallClock(wall: Date, timeZone: string): Date {
  const pad = (n: number) => String(n).padStart(2, '0')
  const local = `${wall.getFullYear()}-${pad(wall.getMonth() + 1)}-${pad(wall.getDate())}T${pad(
    wall.getHours(),
  )}:${pad(wall.getMinutes())}`
  return zonedLocalToInstant(local, timeZone) ?? wall
}

export interface OfficeStatus {
  /** open, closed, or unknown (the hours say so, e.g. "by appointment"). */
  state: 'open' | 'closed' | 'unknown'
  /** When it next changes (opens or closes), within a week; null if not within it. */
  changesAt: Date | null
}

const WEEK_MS = 8 * 86_400_000

/** Whether the office is open at `now`, and when that changes; null when the hours do not read. */
export function officeStatus(
  value: string,
  timeZone: string,
  now: Date,
  place: OfficePlace = {},
): OfficeStatus | null {
  let hours: ReturnType<typeof build>
  try {
    hours = build(value, place)
  } catch {
    return null
  }
  const wall = toWallClock(now, timeZone)
  const state = hours.getUnknown(wall) ? 'unknown' : hours.getState(wall) ? 'open' : 'closed'
  const next = hours.getNextChange(wall, new Date(wall.getTime() + WEEK_MS))
  return { state, changesAt: next ? fromWallClock(next, timeZone) : null }
}

/** "Central Time", "hora central": the zone's generic name, as people say it. */
export function zoneName(timeZone: string, at: Date, language: string = DEFAULT_LANGUAGE): string {
  const part = new Intl.DateTimeFormat(intlLocale(language), {
    timeZone,
    timeZoneName: 'longGeneric',
  })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')
  return part?.value ?? timeZone
}

/** "in 3 hours", "in 45 minutes", "in 2 days" (or "dentro de 3 horas"). */
export function inHowLong(from: Date, to: Date, language: string = DEFAULT_LANGUAGE): string {
  const relative = new Intl.RelativeTimeFormat(intlLocale(language))
  const minutes = Math.max(1, Math.round((to.getTime() - from.getTime()) / 60_000))
  if (minutes < 90) return relative.format(minutes, 'minute')
  const hours = Math.round(minutes / 60)
  if (hours < 36) return relative.format(hours, 'hour')
  return relative.format(Math.round(hours / 24), 'day')
}

/** "at 8:00 am", "tomorrow at 8:00 am", "Monday at 8:00 am", in the office's zone. */
function when(at: Date, now: Date, timeZone: string, language: string): string {
  const t = translator(language)
  const locale = intlLocale(language)
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' })
    .format(at)
    .replace(/\s?AM$/, ' am')
    .replace(/\s?PM$/, ' pm')
  const day = (d: Date) => instantToZonedLocal(d, timeZone).slice(0, 10)
  const days = Math.round((Date.parse(day(at)) - Date.parse(day(now))) / 86_400_000)
  if (days === 0) return t('call.hours_at', { time })
  if (days === 1) return t('call.hours_tomorrow', { time })
  const weekday = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long' }).format(at)
  return t('call.hours_weekday', { day: weekday, time })
}

/**
 * The line the call page shows for an office, in the reader's language:
 * "Open now · closes at 5:00 pm Central Time, in 3 hours", "Closed · opens
 * at 8:00 am Central Time, in 3 hours", "Closed · opens Monday at 8:00 am
 * Eastern Time, in 2 days".
 */
export function describeOfficeStatus(
  status: OfficeStatus,
  timeZone: string,
  now: Date,
  language: string = DEFAULT_LANGUAGE,
): string {
  const t = translator(language)
  const head = t(`call.status_${status.state}`)
  if (!status.changesAt) return head
  const change = t(status.state === 'open' ? 'call.closes' : 'call.opens', {
    when: when(status.changesAt, now, timeZone, language),
    zone: zoneName(timeZone, status.changesAt, language),
    in: inHowLong(now, status.changesAt, language),
  })
  return `${head} · ${change}`
}
