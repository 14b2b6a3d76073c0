import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { getPetitionForSigningById } from '~/models/public-petition.server'
import { countSignatures, listSignatures } from '~/models/signature-list.server'
import { PetitionNotOpenError } from '~/models/signature.server'
import { sign } from '~/services/signing.server'
import { acceptsSignatures, SIGNATURE_STATUSES, type SignatureStatus } from '~/domain/states'
import { requireApiOrganizer } from '~/api/auth.server'
import { partnerSupporterResource, signatureResource } from '~/api/resources.server'
import { partnerView } from '~/services/partners.server'
import {
  apiError,
  collection,
  methodNotAllowed,
  parsePage,
  readJson,
  hal,
} from '~/api/envelope.server'
import { loadContext } from '~/utils/request.server'
import { RecordSignatureSchema, SIGNATURE_FIELD_PATHS, signatureFormFields } from '~/validation/api'
import { SignatureSchema } from '~/validation/signature'
import { issueMessage } from '~/validation/text'

const NOT_FOUND = 'No such petition.'

/**
 * The petition's signatures, newest first, emails included (the
 * organization's own only; a partner's token: its own consenting signers). `q` searches the start of an email or a name;
 * `status` filters.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireApiOrganizer(request)
  const url = new URL(request.url)
  const page = parsePage(url)
  if (page instanceof Response) return page
  const status = url.searchParams.get('status') || undefined
  if (status && !(SIGNATURE_STATUSES as readonly string[]).includes(status))
    return apiError(422, 'Invalid filter.', {
      status: [`status must be one of ${SIGNATURE_STATUSES.join(', ')}.`],
    })
  const scope = {
    organizationId: organizer.organizationId,
    petitionId: params.id!,
    q: url.searchParams.get('q') ?? undefined,
    status: status as SignatureStatus | undefined,
  }
  const [list, total] = await Promise.all([
    listSignatures({ ...scope, limit: page.per_page, offset: (page.page - 1) * page.per_page }),
    countSignatures(scope),
  ])
  if (!list || total === null) {
    // A partner reads only the signers who let it contact them (decision 043).
    const view = await partnerView({
      organizationId: organizer.organizationId,
      petitionId: params.id!,
      limit: page.per_page,
      offset: (page.page - 1) * page.per_page,
    })
    if (!view) return apiError(404, NOT_FOUND)
    return hal(
      request,
      collection(
        url,
        'signatures',
        view.supporters.map((s) => partnerSupporterResource(params.id!, s)),
        view.totalSupporters,
        page,
      ),
    )
  }
  return hal(
    request,
    collection(
      url,
      'signatures',
      list.signatures.map((s) => signatureResource(params.id!, s)),
      total,
      page,
    ),
  )
}

const NOT_OPEN = 'This petition is not open for signatures.'

/**
 * Public: OSDI's record_signature_helper. The same rules as the sign form
 * (SignatureSchema, services/signing.server.ts: double opt-in, duplicates, limits), and the
 * same answer to a new and a repeated signature.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return methodNotAllowed(['GET', 'POST'])
  const petition = await getPetitionForSigningById(params.id!)
  if (!petition) return apiError(404, NOT_FOUND)
  if (!acceptsSignatures(petition.status)) return apiError(409, NOT_OPEN)
  const body = await readJson(request, RecordSignatureSchema)
  if (body instanceof Response) return body
  const parsed = SignatureSchema.safeParse(signatureFormFields(body))
  if (!parsed.success) {
    const fields: Record<string, string[]> = {}
    for (const issue of parsed.error.issues) {
      const key = SIGNATURE_FIELD_PATHS[String(issue.path[0])] ?? 'person'
      ;(fields[key] ??= []).push(issueMessage(issue))
    }
    return apiError(422, 'The signature is not valid.', fields)
  }
  try {
    await sign({
      petition,
      input: parsed.data,
      ip: loadContext(context).clientIp,
      userAgent: request.headers.get('user-agent'),
    })
  } catch (error) {
    if (error instanceof PetitionNotOpenError) return apiError(409, NOT_OPEN)
    throw error
  }
  return Response.json({ status: 'pending_confirmation' }, { status: 202 })
}
