import { PetitionNotOpenError } from '~/models/signature.server'
import { acceptsSignatures } from '~/domain/states'
import { readForm } from '~/utils/form.server'
import { loadContext } from '~/utils/request.server'
import { translator } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'
import { fieldErrors, SignatureSchema } from '~/validation/signature'
import { petitionForSigning } from './petition-signing-state.server'
import { sign } from './signing.server'

export type SignFormResult =
  | { signed: true; slug: string }
  | { signed: false; errors: Record<string, string[]>; values: Record<string, string> }

/**
 * A sign form's post, as the petition page and its embed both answer it
 * (the contract's same fields and answers): none is 404, a draft or a
 * closed petition 409 (thrown as the route's error page), bad input the
 * errors and the input kept (for the form again, 400), else signed. A
 * filled honeypot is answered like anyone else and held for review.
 */
export async function signFromForm({
  request,
  slug,
  context,
  defaultSource = null,
}: {
  request: Request
  slug: string
  context: unknown
  /** The source when the form gives none (the embed's `embed`). */
  defaultSource?: string | null
}): Promise<SignFormResult> {
  // The page's language: its answers, and the language the signer's mail follows (decision 039).
  const language = await requestLanguage(request)
  const t = translator(language)
  const CLOSED_MESSAGE = t('error.closed')
  const petition = await petitionForSigning(slug)
  if (!petition || petition.status === 'draft') {
    // A draft exists but is not published: say so, as for a closed one.
    if (petition) throw new Response(t('error.not_published'), { status: 409 })
    throw new Response(t('error.no_petition'), { status: 404 })
  }
  if (!acceptsSignatures(petition.status)) throw new Response(CLOSED_MESSAGE, { status: 409 })

  // The schema refuses a NUL beside its field (validation/text.ts): the form comes back.
  const form = await readForm(request, { schemaRefusesNul: true })
  const raw: Record<string, string> = {}
  for (const [key, value] of form) if (typeof value === 'string') raw[key] = value
  const suspicious = !!raw.website
  // Repeated: one per partner organization ticked (decision 043).
  const parsed = SignatureSchema.safeParse({
    ...raw,
    subscribe_partner: form.getAll('subscribe_partner'),
  })
  if (!parsed.success) {
    const { website: _website, ...kept } = raw
    // The input kept, but for what cannot be shown or stored.
    const values = Object.fromEntries(
      Object.entries(kept).map(([k, v]) => [k, v.replaceAll('\u0000', '')]),
    )
    // The partner boxes ticked, kept as one list for the form again.
    values.subscribe_partner = form.getAll('subscribe_partner').map(String).join(',')
    return { signed: false, errors: fieldErrors(parsed.error, language), values }
  }
  const ctx = loadContext(context)
  try {
    await sign({
      petition,
      input: { ...parsed.data, source: parsed.data.source ?? defaultSource },
      ip: ctx.clientIp,
      userAgent: request.headers.get('user-agent'),
      hold: suspicious,
      language,
    })
  } catch (error) {
    if (error instanceof PetitionNotOpenError) throw new Response(CLOSED_MESSAGE, { status: 409 })
    throw error
  }
  return { signed: true, slug: petition.slug }
}
