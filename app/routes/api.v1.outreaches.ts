import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { countOutreaches, listOutreaches } from '~/models/outreach.server'
import { createOutreach } from '~/services/outreaches.server'
import { apiErrorFor } from '~/api/errors.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { OUTREACH_FIELDS, outreachResource } from '~/api/outreaches.server'
import { collection, methodNotAllowed, parsePage, readJson, hal } from '~/api/envelope.server'
import { OutreachCreateSchema } from '~/validation/outreach'

/** The organization's outreaches, newest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const url = new URL(request.url)
  const page = parsePage(url)
  if (page instanceof Response) return page
  const organizationId = organizer.organizationId
  const [rows, total] = await Promise.all([
    listOutreaches({
      organizationId,
      limit: page.per_page,
      offset: (page.page - 1) * page.per_page,
    }),
    countOutreaches({ organizationId }),
  ])
  return hal(request, collection(url, 'outreaches', rows.map(outreachResource), total, page))
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
