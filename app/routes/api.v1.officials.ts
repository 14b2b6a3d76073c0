import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { countOfficials, listOfficials } from '~/models/official.server'
import { addOfficial } from '~/services/officials.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { apiErrorFor } from '~/api/errors.server'
import { officialResource } from '~/api/resources.server'
import { hal, methodNotAllowed, pagedCollection, readJson } from '~/api/envelope.server'
import { OfficialCreateSchema } from '~/validation/api'

/** The organization's officials by name; `q` searches name, email, office, title, jurisdiction. */
export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const scope = {
    organizationId: organizer.organizationId,
    q: new URL(request.url).searchParams.get('q') ?? undefined,
  }
  return pagedCollection(request, 'officials', {
    read: (window) => listOfficials({ ...scope, ...window }),
    count: () => countOfficials(scope),
    present: (rows) => rows.map(officialResource),
  })
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const organizer = await requireApiOrganizer(request)
  const body = await readJson(request, OfficialCreateSchema)
  if (body instanceof Response) return body
  try {
    const { office_hours: officeHours, time_zone: timeZone, ...rest } = body
    const official = await addOfficial({
      organizationId: organizer.organizationId,
      ...rest,
      officeHours,
      timeZone,
    })
    return hal(request, officialResource(official), { status: 201 })
  } catch (error) {
    return apiErrorFor(error)
  }
}
