import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { getOfficialForOrganization } from '~/models/official.server'
import { changeOfficial } from '~/services/officials.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { apiErrorFor } from '~/api/errors.server'
import { officialResource } from '~/api/resources.server'
import { apiError, methodNotAllowed, readJson, hal } from '~/api/envelope.server'
import { OfficialUpdateSchema } from '~/validation/api'

const NOT_FOUND = 'No such official.'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const official = await getOfficialForOrganization({
    organizationId: organizer.organizationId,
    officialId: params.id!,
  })
  if (!official) return apiError(404, NOT_FOUND)
  return hal(request, officialResource(official))
}

/** PATCH: change an official; fields left out stay as they are. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'PATCH') return methodNotAllowed(['GET', 'PATCH'])
  const organizer = await requireApiOrganizer(request)
  const existing = await getOfficialForOrganization({
    organizationId: organizer.organizationId,
    officialId: params.id!,
  })
  if (!existing) return apiError(404, NOT_FOUND)
  const body = await readJson(request, OfficialUpdateSchema)
  if (body instanceof Response) return body
  try {
    const { office_hours: officeHours, time_zone: timeZone, ...rest } = body
    const official = await changeOfficial({
      organizationId: organizer.organizationId,
      officialId: existing.id,
      changes: { ...rest, officeHours, timeZone },
    })
    if (!official) return apiError(404, NOT_FOUND)
    return hal(request, officialResource(official))
  } catch (error) {
    return apiErrorFor(error)
  }
}
