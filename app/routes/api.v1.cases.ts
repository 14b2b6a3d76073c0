import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import {
  countCasesForOrganization,
  listCaseEvents,
  listCaseOfficials,
  listCasesForOrganization,
} from '~/models/case.server'
import { UnknownOfficialsError } from '~/models/official.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { addCase } from '~/services/cases.server'
import { proposeDecisionRoles } from '~/services/clemency.server'
import { caseResource } from '~/api/resources.server'
import { apiError, hal, methodNotAllowed, pagedCollection, readJson } from '~/api/envelope.server'
import { CaseCreateSchema } from '~/validation/api'

/** The organization's cases, nearest date first; `q` searches name, number, jurisdiction. */
export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const scope = {
    organizationId: organizer.organizationId,
    q: new URL(request.url).searchParams.get('q') ?? undefined,
  }
  return pagedCollection(request, 'cases', {
    read: (window) => listCasesForOrganization({ ...scope, ...window }),
    count: () => countCasesForOrganization(scope),
    present: (rows) => rows.map((c) => caseResource(c)),
  })
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const organizer = await requireApiOrganizer(request)
  const body = await readJson(request, CaseCreateSchema)
  if (body instanceof Response) return body
  try {
    const created = await addCase({
      organizationId: organizer.organizationId,
      personName: body.person_name,
      caseNumber: body.case_number,
      jurisdiction: body.jurisdiction,
      court: body.court,
      status: body.status,
      nextDate: body.next_date ?? null,
      nextDateKind: body.next_date_kind ?? null,
      timeZone: body.time_zone,
      summary: body.summary,
      sources: body.sources,
      createdBy: organizer.userId,
      officials: body.decision_makers?.map((d) => ({ officialId: d.official_id, role: d.role })),
    })
    const [decisionMakers, timeline] = await Promise.all([
      listCaseOfficials(created.id),
      listCaseEvents(created.id),
    ])
    // The roles its jurisdiction needs among its decision makers: proposed, not imposed.
    const clemency = await proposeDecisionRoles({
      organizationId: organizer.organizationId,
      jurisdiction: created.jurisdiction,
      present: decisionMakers.map((o) => o.role),
    })
    return hal(request, caseResource(created, { decisionMakers, timeline, clemency }), {
      status: 201,
    })
  } catch (error) {
    if (error instanceof UnknownOfficialsError)
      return apiError(422, 'The request is not valid.', {
        decision_makers: [`No such official: ${error.officialIds.join(', ')}.`],
      })
    throw error
  }
}
