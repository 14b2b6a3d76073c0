/**
 * Deadline arithmetic, in the case's own time zone. Pure: shared by the
 * server (which renders the countdown) and the browser (which ticks it).
 */

// Building an Intl.DateTimeFormat costs far more than formatting with one
// (it was the largest single cost of rendering a petition page), so each
// format is built once per time zone and kept.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(
  locale: string,
  name: string,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale} ${name} ${timeZone}`
  let format = formatters.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone })
    formatters.set(key, format)
  }
  return format
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function calendarDate(instant: Date, timeZone: string): string {
  return formatter('en-CA', 'calendarDate', timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant)
}

/**
 * Whole days from `now` to the next date, counted in calendar days of the
 * case's time zone: 0 on the day itself, negative once it has passed.
 */
export function daysLeft(nextDate: Date, timeZone: string, now = new Date()): number {
  const a = Date.parse(calendarDate(now, timeZone) + 'T00:00:00Z')
  const b = Date.parse(calendarDate(nextDate, timeZone) + 'T00:00:00Z')
  return Math.round((b - a) / 86_400_000)
}

export interface Countdown {
  past: boolean
  days: number
  hours: number
  minutes: number
  totalSeconds: number
}

export function countdown(nextDate: Date, now = new Date()): Countdown {
  const totalSeconds = Math.floor((nextDate.getTime() - now.getTime()) / 1000)
  const past = totalSeconds <= 0
  const s = Math.max(0, totalSeconds)
  return {
    past,
    days: Math.floor(s / 86_400),
    hours: Math.floor((s % 86_400) / 3_600),
    minutes: Math.floor((s % 3_600) / 60),
    totalSeconds,
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** "3 days, 4 hours" — the two largest units that matter. */
export function describeCountdown(c: Countdown): string {
  if (c.past) return 'The date has passed'
  if (c.days > 0) return `${plural(c.days, 'day')}, ${plural(c.hours, 'hour')}`
  if (c.hours > 0) return `${plural(c.hours, 'hour')}, ${plural(c.minutes, 'minute')}`
  return plural(Math.max(1, c.minutes), 'minute')
}

/**
 * "3 days, 4 hours" — the two largest units that matter, in the reader's
 * locale (Intl's unit names and list: "3 días y 4 horas").
 */
export function describeCountdownIn(c: Countdown, locale: string): string {
  const unit = (n: number, name: 'day' | 'hour' | 'minute') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(n)
  const list = (parts: string[]) =>
    new Intl.ListFormat(locale, { type: locale.startsWith('en') ? 'unit' : 'conjunction' }).format(
      parts,
    )
  if (c.days > 0) return list([unit(c.days, 'day'), unit(c.hours, 'hour')])
  if (c.hours > 0) return list([unit(c.hours, 'hour'), unit(c.minutes, 'minute')])
  return unit(Math.max(1, c.minutes), 'minute')
}

/** e.g. "Thursday, December 3, 2026, 6:00 PM CST" in the case's zone (and the reader's locale). */
export function formatDateTime(instant: Date, timeZone: string, locale = 'en-US'): string {
  return formatter(locale, 'dateTime', timeZone, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(instant)
}

export function formatDate(instant: Date, timeZone: string, locale = 'en-US'): string {
  return formatter(locale, 'date', timeZone, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(instant)
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}
