import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { getCaseForOrganization, listCaseEvents, listCaseOfficials } from '~/models/case.server'
import { updateCase } from '~/services/cases.server'
import { proposeDecisionRoles } from '~/services/clemency.server'
import { UnknownOfficialsError } from '~/models/official.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { caseResource } from '~/api/resources.server'
import { apiError, methodNotAllowed, readJson, hal } from '~/api/envelope.server'
import { CaseUpdateSchema } from '~/validation/api'

const NOT_FOUND = 'No such case.'

async function render(kase: NonNullable<Awaited<ReturnType<typeof getCaseForOrganization>>>) {
  const [decisionMakers, timeline] = await Promise.all([
    listCaseOfficials(kase.id),
    listCaseEvents(kase.id),
  ])
  const clemency = await proposeDecisionRoles({
    organizationId: kase.organizationId,
    jurisdiction: kase.jurisdiction,
    present: decisionMakers.map((o) => o.role),
  })
  return caseResource(kase, { decisionMakers, timeline, clemency })
}

/** One of the organization's cases, with its decision makers and timeline. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const kase = await getCaseForOrganization({
    organizationId: organizer.organizationId,
    caseId: params.id!,
  })
  if (!kase) return apiError(404, NOT_FOUND)
  return hal(request, await render(kase))
}

/** PATCH: change a case; a new status or date goes on the timeline with `note`, `source_url`. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'PATCH') return methodNotAllowed(['GET', 'PATCH'])
  const organizer = await requireApiOrganizer(request)
  const existing = await getCaseForOrganization({
    organizationId: organizer.organizationId,
    caseId: params.id!,
  })
  if (!existing) return apiError(404, NOT_FOUND)
  const body = await readJson(request, CaseUpdateSchema)
  if (body instanceof Response) return body
  try {
    const updated = await updateCase({
      organizationId: organizer.organizationId,
      caseId: existing.id,
      changes: {
        personName: body.person_name,
        caseNumber: body.case_number,
        jurisdiction: body.jurisdiction,
        court: body.court,
        status: body.status,
        nextDate: body.next_date,
        nextDateKind: body.next_date_kind,
        timeZone: body.time_zone,
        summary: body.summary,
        sources: body.sources,
      },
      officials: body.decision_makers?.map((d) => ({ officialId: d.official_id, role: d.role })),
      note: body.note,
      sourceUrl: body.source_url,
      actorId: organizer.userId,
    })
    if (!updated) return apiError(404, NOT_FOUND)
    return hal(request, await render(updated))
  } catch (error) {
    if (error instanceof UnknownOfficialsError)
      return apiError(422, 'The request is not valid.', {
        decision_makers: [`No such official: ${error.officialIds.join(', ')}.`],
      })
    throw error
  }
}
