import { calendarResponse, publicCasesCalendar } from '~/services/calendar.server'

/** Public: the next dates of cases that have a published petition, as iCalendar. */
export async function loader() {
  return calendarResponse(await publicCasesCalendar(), { shared: true })
}
