import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { UnknownOfficialsError } from '~/models/official.server'
import { countOpenPetitions, listOpenPetitions } from '~/models/public-petition.server'
import { getPetitionForOrganization, UnknownCaseError } from '~/models/petition.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { addPetition } from '~/services/petitions.server'
import { petitionDecisionWarning } from '~/services/clemency.server'
import { organizerPetitionResource, petitionListResource } from '~/api/resources.server'
import { apiError, hal, methodNotAllowed, pagedCollection, readJson } from '~/api/envelope.server'
import { PetitionCreateSchema, petitionSpanish } from '~/validation/api'
import { petitionCounts, petitionCountsFor } from '~/api/petition-counts.server'

/** Public: open petitions, the most urgent deadline first. */
export async function loader({ request }: LoaderFunctionArgs) {
  return pagedCollection(request, 'petitions', {
    read: listOpenPetitions,
    count: countOpenPetitions,
    present: async (rows) => {
      const counts = await petitionCountsFor(rows)
      return rows.map((p) => petitionListResource(p, counts.get(p.id)!))
    },
  })
}

/** POST: create a petition for one of the organization's cases (201 with the petition). */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const organizer = await requireApiOrganizer(request)
  const body = await readJson(request, PetitionCreateSchema)
  if (body instanceof Response) return body
  try {
    const created = await addPetition({
      organizationId: organizer.organizationId,
      caseId: body.case_id,
      title: body.title,
      body: body.body,
      goal: body.goal,
      status: body.status,
      targetIds: body.target_ids,
      createdBy: organizer.userId,
      signerUpdates: body.signer_updates,
      letterDigest: body.letter_digest,
      ...petitionSpanish(body),
    })
    const petition = await getPetitionForOrganization({
      organizationId: organizer.organizationId,
      petitionId: created.id,
    })
    return hal(
      request,
      organizerPetitionResource(
        petition!,
        await petitionCounts(petition!),
        await petitionDecisionWarning(petition!),
      ),
      { status: 201 },
    )
  } catch (error) {
    if (error instanceof UnknownCaseError)
      return apiError(422, 'The request is not valid.', { case_id: ['No such case.'] })
    if (error instanceof UnknownOfficialsError)
      return apiError(422, 'The request is not valid.', {
        target_ids: [`No such official: ${error.officialIds.join(', ')}.`],
      })
    throw error
  }
}
