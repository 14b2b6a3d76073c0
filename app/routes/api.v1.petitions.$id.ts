import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { UnknownOfficialsError } from '~/models/official.server'
import { getPetitionForOrganization, PetitionStatusChangeError } from '~/models/petition.server'
import { getPublicPetitionById } from '~/models/public-petition.server'
import { requireApiOrganizer } from '~/api/auth.server'
import { changePetition } from '~/services/petitions.server'
import { petitionDecisionWarning } from '~/services/clemency.server'
import {
  organizerPetitionResource,
  partnerPetitionResource,
  petitionResource,
} from '~/api/resources.server'
import { partnerView, partnersOfPetition } from '~/services/partners.server'
import { apiError, methodNotAllowed, readJson, hal } from '~/api/envelope.server'
import { PetitionUpdateSchema, petitionSpanish } from '~/validation/api'
import { petitionCounts } from '~/api/petition-counts.server'

const NOT_FOUND = 'No such petition.'

/**
 * Public: one published petition, with its targets. With a token, the
 * organization's own petitions are shown as it sees them, drafts included,
 * with its partners' numbers; a petition it partners on, as a partner
 * reads it (its own numbers only).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  if (request.headers.has('authorization')) {
    const organizer = await requireApiOrganizer(request)
    const own = await getPetitionForOrganization({
      organizationId: organizer.organizationId,
      petitionId: params.id!,
    })
    if (own)
      return hal(
        request,
        organizerPetitionResource(
          own,
          await petitionCounts(own),
          await petitionDecisionWarning(own),
          await partnersOfPetition(own.id),
        ),
      )
    // An active partner reads the petition (drafts too) and its own numbers (decision 043).
    const view = await partnerView({
      organizationId: organizer.organizationId,
      petitionId: params.id!,
      limit: 0,
    })
    const theirs =
      view &&
      (await getPetitionForOrganization({
        organizationId: view.partnership.ownerId,
        petitionId: view.partnership.petitionId,
      }))
    if (view && theirs)
      return hal(
        request,
        partnerPetitionResource(theirs, await petitionCounts(theirs), view.numbers),
      )
  }
  const p = await getPublicPetitionById(params.id!)
  if (!p) return apiError(404, NOT_FOUND)
  // The same resource the organization sees: everything in it is on the public page too.
  return hal(request, petitionResource(p, await petitionCounts(p)))
}

/** PATCH: edit, open, close, reopen or settle a petition (the allowed moves: states.ts). */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'PATCH') return methodNotAllowed(['GET', 'PATCH'])
  const organizer = await requireApiOrganizer(request)
  const existing = await getPetitionForOrganization({
    organizationId: organizer.organizationId,
    petitionId: params.id!,
  })
  if (!existing) return apiError(404, NOT_FOUND)
  const body = await readJson(request, PetitionUpdateSchema)
  if (body instanceof Response) return body
  try {
    const updated = await changePetition({
      organizationId: organizer.organizationId,
      actorId: organizer.userId,
      petitionId: existing.id,
      changes: {
        title: body.title,
        body: body.body,
        goal: body.goal,
        status: body.status,
        targetIds: body.target_ids,
        letterDigest: body.letter_digest,
        signerUpdates: body.signer_updates,
        ...petitionSpanish(body),
      },
    })
    if (!updated) return apiError(404, NOT_FOUND)
    return hal(
      request,
      organizerPetitionResource(
        updated,
        await petitionCounts(updated),
        await petitionDecisionWarning(updated),
        await partnersOfPetition(updated.id),
      ),
    )
  } catch (error) {
    if (error instanceof PetitionStatusChangeError)
      return apiError(409, error.message, { status: [error.message] })
    if (error instanceof UnknownOfficialsError)
      return apiError(422, 'The request is not valid.', {
        target_ids: [`No such official: ${error.officialIds.join(', ')}.`],
      })
    throw error
  }
}
