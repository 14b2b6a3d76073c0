import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiOrganizer } from '~/api/auth.server'
import { calendarResponse, organizationCasesCalendar } from '~/services/calendar.server'

/** The organization's cases (those of draft petitions too) as iCalendar. */
export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  return calendarResponse(
    await organizationCasesCalendar({
      id: organizer.organizationId,
      name: organizer.organizationName,
    }),
  )
}
