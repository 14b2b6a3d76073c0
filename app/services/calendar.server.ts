import { createEvents, type EventAttributes } from 'ics'
import { CASE_STATUS_LABELS, NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { DEADLINE_SUSPENDED_CASE_STATUSES } from '~/domain/states'
import {
  listCaseDates,
  organizationForCalendarSecret,
  type CaseDate,
} from '~/models/calendar.server'
import { env } from '~/utils/env.server'

/**
 * The iCalendar feeds (contract: /cases.ics, /calendars/:secret.ics,
 * /api/v1/cases.ics), written by `ics`: one event per case at its next
 * date, in UTC (ics writes no VTIMEZONE), with a UID that never changes,
 * so a calendar that polls the feed moves the event when the date moves
 * (SEQUENCE counts the moves) and drops it when the case is resolved and
 * leaves the feed. A stay or a reprieve keeps the event, tentative.
 */

function uid(caseId: string): string {
  return `case-${caseId}@vigil`
}

function event(c: CaseDate, appUrl: string): EventAttributes {
  const kind = c.nextDateKind ? NEXT_DATE_KIND_LABELS[c.nextDateKind] : 'Next date'
  const suspended = (DEADLINE_SUSPENDED_CASE_STATUSES as readonly string[]).includes(c.status)
  const caseUrl = `${appUrl}/cases/${c.slug}`
  const lines = [
    `${c.personName} (${c.jurisdiction}): ${CASE_STATUS_LABELS[c.status]}.`,
    suspended ? 'The date is suspended for now; it may be set again.' : null,
    `The case: ${caseUrl}`,
    c.petitionSlug ? `Sign and call: ${appUrl}/petitions/${c.petitionSlug}` : null,
  ]
  return {
    uid: uid(c.id),
    start: c.nextDate.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { hours: 1 },
    title: `${kind}: ${c.personName}${suspended ? ` (${CASE_STATUS_LABELS[c.status].toLowerCase()})` : ''}`,
    description: lines.filter(Boolean).join('\n'),
    url: caseUrl,
    status: suspended ? 'TENTATIVE' : 'CONFIRMED',
    sequence: c.moves,
    lastModified: c.updatedAt.getTime(),
  }
}

function calendar(rows: CaseDate[], name: string): string {
  const { appUrl } = env()
  const { error, value } = createEvents(
    rows.map((c) => event(c, appUrl)),
    { productId: '-//Vigil//Case dates//EN', calName: name, method: 'PUBLISH' },
  )
  if (error || !value) throw error ?? new Error('The calendar could not be written.')
  return value
}

/** Public: the next dates of cases that have a published petition. */
export async function publicCasesCalendar(): Promise<string> {
  return calendar(await listCaseDates({ public: true }), 'Vigil: case dates')
}

/** All of one organization's cases (the secret feed and the API). */
export async function organizationCasesCalendar(organization: {
  id: string
  name: string
}): Promise<string> {
  return calendar(
    await listCaseDates({ organizationId: organization.id }),
    `${organization.name}: case dates`,
  )
}

/** The feed a secret URL opens; null when the secret is unknown or revoked. */
export async function calendarForSecret(secret: string): Promise<string | null> {
  const organization = await organizationForCalendarSecret(secret)
  return organization ? organizationCasesCalendar(organization) : null
}

/**
 * How every feed is answered: text/calendar; the public one may be kept five
 * minutes (the dates move), an organization's never (drafts' cases are in it).
 */
export function calendarResponse(body: string, { shared = false } = {}): Response {
  return new Response(body, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'cache-control': shared ? 'public, max-age=300' : 'no-store',
    },
  })
}
