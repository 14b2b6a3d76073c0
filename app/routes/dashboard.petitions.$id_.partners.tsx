import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { PartnerNumbers } from '~/components/dashboard/partner-numbers'
import { Notice } from '~/components/ui/field'
import { FormAlert, TextField, type FieldErrors } from '~/components/ui/text-field'
import { embedSnippet } from '~/domain/embed'
import { may } from '~/domain/permissions'
import { getPetitionForOrganization } from '~/models/petition.server'
import { requireOrganizer } from '~/services/auth.server'
import { formErrorsFor, notFoundInOrganization } from '~/services/form-errors.server'
import {
  endPartner,
  invitePartnerOrganization,
  partnersOfPetition,
} from '~/services/partners.server'
import { env } from '~/utils/env.server'
import { readForm } from '~/utils/form.server'
import { PartnerEndSchema, PartnerInviteSchema } from '~/validation/partner'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `Partners · ${d?.petition.title ?? 'Petition'} · Vigil` },
]

const DONE: Record<string, string> = {
  invited: 'Invited: an admin of that organization accepts it in their dashboard.',
  ended: 'The partnership is ended. Signatures that came through it stay counted.',
}

/**
 * A petition's partner organizations as its own organization sees them
 * (decision 043): each one's numbers, source and embed; admins invite and
 * end partners here.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const petition = await getPetitionForOrganization({
    organizationId: organizer.organizationId,
    petitionId: params.id!,
  })
  if (!petition) notFoundInOrganization('petition')
  const partners = await partnersOfPetition(petition.id)
  const { appUrl } = env()
  return {
    petition: { id: petition.id, title: petition.title },
    partners: partners.map((p) => ({
      ...p,
      snippet:
        p.status === 'active'
          ? embedSnippet({ appUrl, slug: petition.slug, title: petition.title, source: p.source })
          : null,
    })),
    isAdmin: may(organizer.role, 'managePartners'),
    done: DONE[new URL(request.url).searchParams.get('done') ?? ''] ?? null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request, { may: 'managePartners' })
  const petition = await getPetitionForOrganization({
    organizationId: organizer.organizationId,
    petitionId: params.id!,
  })
  if (!petition) notFoundInOrganization('petition')
  const form = await readForm(request)
  const back = `/dashboard/petitions/${petition.id}/partners`
  if (form.get('intent') === 'end') {
    const parsed = PartnerEndSchema.safeParse({ partnerId: form.get('partnerId') })
    const ended =
      parsed.success &&
      (await endPartner({ organizer, petitionId: petition.id, partnerId: parsed.data.partnerId }))
    if (!ended) throw new Response('There is no such partner on this petition.', { status: 404 })
    return redirect(`${back}?done=ended`, 303)
  }
  const parsed = PartnerInviteSchema.safeParse({ partner: form.get('partner') ?? '' })
  if (!parsed.success)
    return data({ errors: { partner: parsed.error.issues.map((i) => i.message) } }, { status: 400 })
  try {
    await invitePartnerOrganization({ organizer, petitionId: petition.id, ...parsed.data })
  } catch (error) {
    const { status, errors } = formErrorsFor(error)
    return data({ errors }, { status })
  }
  return redirect(`${back}?done=invited`, 303)
}

export default function PetitionPartners() {
  const { petition, partners, isAdmin, done } = useLoaderData<typeof loader>()
  const errors = (useActionData<typeof action>() as { errors: FieldErrors } | undefined)?.errors
  const current = partners.filter((p) => p.status === 'active' || p.status === 'invited')
  const former = partners.filter((p) => p.status === 'ended' || p.status === 'declined')
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to={`/dashboard/petitions/${petition.id}`}>{petition.title}</Link>
      </p>
      <h1>Partner organizations</h1>
      <Notice message={done} />
      <p className="field__hint">
        Partners campaign on this one petition: their signatures are in its one count, each has its
        own source and embed, and signers choose which organizations may contact them.
      </p>
      <section className="panel" aria-labelledby="current-heading">
        <h2 id="current-heading">Partners</h2>
        {current.length === 0 ? <p className="muted">None yet.</p> : null}
        {current.length > 0 ? (
          <PartnerNumbers partners={current} caption="Current partners and their numbers" />
        ) : null}
        {current.map((p) => (
          <div key={p.organizationId}>
            <h3>{p.organizationName}</h3>
            {p.snippet ? (
              <>
                <label htmlFor={`snippet-${p.source}`}>
                  {p.organizationName}’s embed (its signatures count under “{p.source}”)
                </label>
                <textarea
                  id={`snippet-${p.source}`}
                  className="snippet"
                  readOnly
                  rows={4}
                  value={p.snippet}
                />
              </>
            ) : (
              <p className="muted">Invited: waiting for an admin of {p.organizationName}.</p>
            )}
            {isAdmin ? (
              <Form method="post">
                <input type="hidden" name="intent" value="end" />
                <input type="hidden" name="partnerId" value={p.organizationId} />
                <button type="submit" className="button">
                  {p.status === 'active' ? 'End partnership' : 'Withdraw invitation'} with{' '}
                  {p.organizationName}
                </button>
              </Form>
            ) : null}
          </div>
        ))}
      </section>
      {isAdmin ? (
        <section className="panel" aria-labelledby="invite-heading">
          <h2 id="invite-heading">Invite an organization</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <FormAlert message={errors?.form?.join(' ')} />
            <TextField
              name="partner"
              label="The organization’s slug or id on this Vigil"
              hint="Its admins see the invitation under Partners in their dashboard."
              errors={errors}
              required
            />
            <button type="submit" className="button button--primary">
              Invite
            </button>
          </Form>
        </section>
      ) : null}
      {former.length > 0 ? (
        <section className="panel" aria-labelledby="former-heading">
          <h2 id="former-heading">Former partners</h2>
          <PartnerNumbers partners={former} caption="Former partners and their numbers" />
        </section>
      ) : null}
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
