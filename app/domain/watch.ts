/**
 * The watch list's rules: which dates need attention, what the daily mail
 * covers and when it goes. Pure, for the dashboard and the mail alike.
 */

/** A date this close with something missing is flagged. */
export const WATCH_FLAG_DAYS = 30
/** The daily mail lists the dates of the next this many days. */
export const WATCH_DIGEST_DAYS = 14
/** A date passed this recently on a case still unresolved stays listed, to be brought up to date. */
export const WATCH_PASSED_DAYS = 7
/** The daily mail goes at this hour in the organization's time zone (or at the first sweep after). */
export const WATCH_DIGEST_HOUR = 8

export interface WatchFacts {
  nextDate: Date
  hasOpenPetition: boolean
  outreachSent: boolean
  hasCallScript: boolean
}

/** What is missing for a date within WATCH_FLAG_DAYS of `now`; nothing for later dates. */
export function watchFlags(c: WatchFacts, now: Date): string[] {
  if (c.nextDate.getTime() < now.getTime()) return ['The date has passed: record what happened']
  if (c.nextDate.getTime() - now.getTime() > WATCH_FLAG_DAYS * 86_400_000) return []
  const flags: string[] = []
  if (!c.hasOpenPetition) flags.push('No open petition')
  if (!c.outreachSent) flags.push('No outreach sent')
  if (!c.hasCallScript) flags.push('No call script')
  return flags
}
