import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { getCaseForOrganization, listCaseEvents } from '~/models/case.server'
import { addCaseEvent } from '~/services/cases.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { caseEventResource } from '~/api/resources.server'
import {
  apiError,
  collection,
  hal,
  methodNotAllowed,
  parsePage,
  readJson,
} from '~/api/envelope.server'
import { CaseEventSchema } from '~/validation/api'

/**
 * The case's timeline, newest first, as a list. A timeline is short (tens
 * of entries), so it is read whole and paged here.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const url = new URL(request.url)
  const page = parsePage(url)
  if (page instanceof Response) return page
  const kase = await getCaseForOrganization({
    organizationId: organizer.organizationId,
    caseId: params.id!,
  })
  if (!kase) return apiError(404, 'No such case.')
  const events = await listCaseEvents(kase.id)
  const start = (page.page - 1) * page.per_page
  const items = events.slice(start, start + page.per_page).map((e) => caseEventResource(kase.id, e))
  return hal(request, collection(url, 'events', items, events.length, page))
}

/** POST: add an event to a case's timeline (the case's GET shows the timeline). */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const organizer = await requireApiOrganizer(request)
  const body = await readJson(request, CaseEventSchema)
  if (body instanceof Response) return body
  const event = await addCaseEvent({
    organizationId: organizer.organizationId,
    caseId: params.id!,
    kind: body.kind,
    occurredAt: body.occurred_at ?? null,
    note: body.note,
    sourceUrl: body.source_url,
    actorId: organizer.userId,
  })
  if (!event) return apiError(404, 'No such case.')
  return hal(request, caseEventResource(params.id!, event), { status: 201 })
}
