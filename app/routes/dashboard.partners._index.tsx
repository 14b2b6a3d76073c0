import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { Notice } from '~/components/ui/field'
import { may } from '~/domain/permissions'
import { getOrganizationSlug } from '~/models/organization.server'
import { listPartnerPetitions } from '~/models/partner.server'
import { requireOrganizer } from '~/services/auth.server'
import { answerInvitation, endPartner } from '~/services/partners.server'
import { readForm } from '~/utils/form.server'
import { PartnerAnswerSchema } from '~/validation/partner'

export const meta: MetaFunction = () => [{ title: 'Partners · Vigil' }]

const DONE: Record<string, string> = {
  accepted: 'You are a partner: the petition names you and its sign form asks for your consent.',
  declined: 'Invitation declined.',
  ended: 'The partnership is ended. Signatures that came through you stay counted.',
}

/**
 * Other organizations' petitions this one is invited to or partners on
 * (decision 043): admins accept, decline or end; everyone reads.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const [petitions, slug] = await Promise.all([
    listPartnerPetitions(organizer.organizationId),
    getOrganizationSlug(organizer.organizationId),
  ])
  return {
    invitations: petitions.filter((p) => p.status === 'invited'),
    active: petitions.filter((p) => p.status === 'active'),
    slug,
    isAdmin: may(organizer.role, 'managePartners'),
    done: DONE[new URL(request.url).searchParams.get('done') ?? ''] ?? null,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request, { may: 'managePartners' })
  const form = await readForm(request)
  const parsed = PartnerAnswerSchema.safeParse(Object.fromEntries(form))
  if (!parsed.success) throw new Response('There is no such invitation.', { status: 404 })
  const { intent, petitionId } = parsed.data
  const done =
    intent === 'end'
      ? await endPartner({ organizer, petitionId, partnerId: organizer.organizationId })
      : await answerInvitation({ organizer, petitionId, accept: intent === 'accept' })
  if (!done) throw new Response('There is no such invitation or partnership.', { status: 404 })
  const word = intent === 'accept' ? 'accepted' : intent === 'decline' ? 'declined' : 'ended'
  return redirect(`/dashboard/partners?done=${word}`, 303)
}

function AnswerButton({ intent, petitionId, label }: Record<string, string>) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="petitionId" value={petitionId} />
      <button type="submit" className={intent === 'accept' ? 'button button--primary' : 'button'}>
        {label}
      </button>
    </Form>
  )
}

export default function Partners() {
  const { invitations, active, slug, isAdmin, done } = useLoaderData<typeof loader>()
  return (
    <div className="dash">
      <h1>Partners</h1>
      <Notice message={done} />
      <p className="field__hint">
        Campaign on another organization’s petition: one combined count, your own source and embed,
        and the signers who let you contact them. To be invited, give its admins your organization’s
        slug: <code>{slug}</code>.
      </p>
      <section className="panel" aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">Invitations</h2>
        {invitations.length === 0 ? <p className="muted">No open invitations.</p> : null}
        <ul className="link-list">
          {invitations.map((p) => (
            <li key={p.petitionId}>
              <strong>{p.title}</strong> <span className="muted">— from {p.ownerName}</span>
              {isAdmin ? (
                <span className="dash-actions">
                  <AnswerButton
                    intent="accept"
                    petitionId={p.petitionId}
                    label={`Accept: ${p.title}`}
                  />
                  <AnswerButton intent="decline" petitionId={p.petitionId} label="Decline" />
                </span>
              ) : (
                <span className="muted"> (an admin of your organization answers)</span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="active-heading">
        <h2 id="active-heading">Petitions you partner on</h2>
        {active.length === 0 ? <p className="muted">None yet.</p> : null}
        <ul className="link-list">
          {active.map((p) => (
            <li key={p.petitionId}>
              <Link to={`/dashboard/partners/${p.petitionId}`}>{p.title}</Link>{' '}
              <span className="muted">
                — {p.ownerName}; {p.signatureCount.toLocaleString('en-US')} signatures
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
