import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { countOutreaches, listOutreaches } from '~/models/outreach.server'
import { createOutreach } from '~/services/outreaches.server'
import { apiErrorFor } from '~/api/errors.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { OUTREACH_FIELDS, outreachResource } from '~/api/outreaches.server'
import { hal, methodNotAllowed, pagedCollection, readJson } from '~/api/envelope.server'
import { OutreachCreateSchema } from '~/validation/outreach'

/** The organization's outreaches, newest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireApiOrganizer(request)
  return pagedCollection(request, 'outreaches', {
    read: (window) => listOutreaches({ organizationId, ...window }),
    count: () => countOutreaches({ organizationId }),
    present: (rows) => rows.map(outreachResource),
  })
}

/** POST: a mail to officials about a petition, sent now or at `scheduled_at`. */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const organizer = await requireApiOrganizer(request)
  const body = await readJson(request, OutreachCreateSchema)
  if (body instanceof Response) return body
  try {
    const outreach = await createOutreach({
      organizationId: organizer.organizationId,
      createdBy: organizer.userId,
      petitionId: body.petition_id,
      officialIds: body.target_ids,
      subject: body.subject,
      body: body.body,
      attachSignersCsv: body.attach_signers,
      attachPacket: body.attach_packet,
      scheduledAt: body.scheduled_at ?? null,
    })
    return hal(request, outreachResource(outreach), { status: 201 })
  } catch (error) {
    return apiErrorFor(error, OUTREACH_FIELDS)
  }
}
