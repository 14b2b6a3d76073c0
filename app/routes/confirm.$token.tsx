import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getConfirmation } from '~/models/signature.server'
import { confirm, resendConfirmationLink } from '~/services/signing.server'
import { readForm } from '~/utils/form.server'
import { env } from '~/utils/env.server'
import { ShareButtons } from '~/components/share-buttons'

export const meta: MetaFunction = () => [
  { title: 'Confirm your signature · Vigil' },
  { name: 'robots', content: 'noindex' },
]

/**
 * Opening the link only shows a button: mail scanners that fetch links must
 * not confirm anything. The POST confirms, idempotently.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const confirmation = await getConfirmation(params.token!)
  if (!confirmation)
    throw new Response(
      'This confirmation link is not valid. Please use the link in your most recent email.',
      {
        status: 404,
      },
    )
  return {
    state: confirmation.state,
    confirmed: confirmation.status === 'confirmed' || confirmation.status === 'held',
    petitionTitle: confirmation.petitionTitle,
    petitionSlug: confirmation.petitionSlug,
    petitionUrl: `${env().appUrl}/petitions/${confirmation.petitionSlug}`,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  if (form.get('intent') === 'resend') {
    const confirmation = await getConfirmation(params.token!)
    if (!confirmation) throw new Response('This confirmation link is not valid.', { status: 404 })
    await resendConfirmationLink(confirmation.signatureId)
    return { resent: true, confirmed: false }
  }
  const result = await confirm(params.token!)
  if (!result) throw new Response('This confirmation link is not valid.', { status: 404 })
  if (result.result === 'expired') return { resent: false, confirmed: false, expired: true }
  return { resent: false, confirmed: true }
}

export default function ConfirmPage() {
  const { state, confirmed, petitionTitle, petitionSlug, petitionUrl } =
    useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  if (result?.confirmed || (confirmed && !result)) {
    return (
      <section className="panel narrow" role="status">
        <h1>Your signature is confirmed</h1>
        <p>
          Thank you. Your name now counts on <strong>{petitionTitle}</strong>.
        </p>
        <p>
          <Link className="button button--primary" to={`/petitions/${petitionSlug}`}>
            See the petition
          </Link>
        </p>
        <ShareButtons
          petitionUrl={petitionUrl}
          title={petitionTitle}
          heading="Ask others to sign too"
        />
      </section>
    )
  }
  if (result?.resent) {
    return (
      <section className="panel narrow" role="status">
        <h1>We sent you a new link</h1>
        <p>Check your email and open the newest message from us.</p>
      </section>
    )
  }
  if (state === 'expired' || (result && 'expired' in result)) {
    return (
      <section className="panel narrow">
        <h1>This link has expired</h1>
        <p>
          Confirmation links work for a limited time. We can send you a fresh one for{' '}
          <strong>{petitionTitle}</strong>.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="resend" />
          <button className="button button--primary" type="submit" disabled={busy}>
            Send me a new link
          </button>
        </Form>
      </section>
    )
  }
  return (
    <section className="panel narrow">
      <h1>Confirm your signature</h1>
      <p>
        Press the button to confirm that you signed <strong>{petitionTitle}</strong>.
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="confirm" />
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? 'Confirming…' : 'Confirm my signature'}
        </button>
      </Form>
    </section>
  )
}
