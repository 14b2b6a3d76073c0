import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormAlert, TextField, type FieldErrors } from '~/components/ui/text-field'
import { acceptInvitation, getInvitation, type InvitationView } from '~/models/invitation.server'
import { checkLoginThrottle, recordLoginAttempt } from '~/models/login-attempt.server'
import { userEmailKey } from '~/models/user.server'
import { signIn } from '~/services/auth.server'
import { loadContext } from '~/utils/request.server'
import { AcceptAsMemberSchema, AcceptInvitationSchema, PASSWORD_MIN } from '~/validation/auth'
import { fieldErrors } from '~/validation/signature'
import { readForm } from '~/utils/form.server'

// The link's page is never cached (it carries a secret in its address).
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction = () => [
  { title: 'Accept the invitation · Vigil' },
  { name: 'referrer', content: 'no-referrer' },
]

type InvitationState = 'valid' | 'expired' | 'accepted' | 'unknown'
const STATUS: Record<InvitationState, number> = {
  valid: 200,
  expired: 410,
  accepted: 410,
  unknown: 404,
}

export async function loader({ params }: LoaderFunctionArgs) {
  const invitation = await getInvitation(params.token!)
  const state: InvitationState = invitation?.state ?? 'unknown'
  return data(
    { state, invitation: state === 'valid' ? invitation : null },
    { status: STATUS[state], headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const invitation = await getInvitation(params.token!)
  if (!invitation) return data({ state: 'unknown' as const }, { status: 404 })
  if (invitation.state !== 'valid') return data({ state: invitation.state }, { status: 410 })
  const form = await readForm(request)
  const values = { name: String(form.get('name') ?? '') }
  const raw = { name: form.get('name') ?? undefined, password: form.get('password') ?? undefined }
  const parsed = invitation.hasAccount
    ? AcceptAsMemberSchema.safeParse(raw)
    : AcceptInvitationSchema.safeParse(raw)
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 })

  // Joining as an existing account checks its password: throttled like a sign-in.
  const ip = loadContext(context).clientIp
  const emailKey = userEmailKey(invitation.email)
  if (invitation.hasAccount) {
    const throttle = await checkLoginThrottle({ emailKey, ip })
    if (throttle.limited) {
      const formError = 'Too many failed attempts. Please wait a few minutes and try again.'
      return data({ formError, values }, { status: 429 })
    }
  }
  const outcome = await acceptInvitation({
    token: params.token!,
    name: 'name' in parsed.data ? String(parsed.data.name) : undefined,
    password: parsed.data.password,
  })
  if (!outcome) return data({ state: 'unknown' as const }, { status: 404 })
  if (invitation.hasAccount)
    await recordLoginAttempt({ emailKey, ip, succeeded: outcome.result === 'accepted' })
  switch (outcome.result) {
    case 'accepted': {
      const response = await signIn({
        userId: outcome.userId,
        organizationId: outcome.organizationId,
        redirectTo: '/dashboard',
        request,
      })
      if (response) return response
      return data({ state: 'unknown' as const }, { status: 404 })
    }
    case 'wrong-password':
      return data(
        { errors: { password: ['That is not the password of this account.'] }, values },
        { status: 400 },
      )
    case 'needs-account':
      return data({ errors: { name: ['Please enter your name.'] }, values }, { status: 400 })
    case 'accepted-before':
      return data({ state: 'accepted' as const }, { status: 410 })
    case 'expired':
      return data({ state: 'expired' as const }, { status: 410 })
  }
}

const DEAD_LINK: Record<Exclude<InvitationState, 'valid'>, string> = {
  accepted: 'This invitation has already been accepted. Sign in to continue.',
  expired: 'This invitation has expired. Ask the admin who invited you to send a new one.',
  unknown: 'This invitation link is not valid. Check that you opened the whole link from the mail.',
}

export default function AcceptInvitation() {
  const loaded = useLoaderData<typeof loader>() as unknown as {
    state: InvitationState
    invitation: InvitationView | null
  }
  const result = useActionData<typeof action>() as
    | { state: Exclude<InvitationState, 'valid'> }
    | { errors: FieldErrors; values: { name: string } }
    | { formError: string; values: { name: string } }
    | undefined
  const navigation = useNavigation()
  const state = result && 'state' in result ? result.state : loaded.state
  const invitation = loaded.invitation
  if (state !== 'valid' || !invitation) {
    const message = DEAD_LINK[state === 'valid' ? 'unknown' : state]
    return (
      <section className="panel narrow">
        <h1>Invitation</h1>
        <p>{message}</p>
        <p>
          <Link to="/login">Sign in</Link>
        </p>
      </section>
    )
  }
  const errors = result && 'errors' in result ? result.errors : undefined
  const formError = result && 'formError' in result ? result.formError : undefined
  const values = result && 'values' in result ? result.values : undefined
  return (
    <section className="panel narrow">
      <h1>Join {invitation.organizationName}</h1>
      <p>
        You are invited as {invitation.role === 'admin' ? 'an admin' : 'an organizer'} with the
        address <strong>{invitation.email}</strong>.
      </p>
      <FormAlert message={formError} />
      <Form method="post" noValidate>
        {invitation.hasAccount ? (
          <>
            <p className="muted">
              This address already has a Vigil account. Enter its password to join.
            </p>
            <input type="hidden" name="username" value={invitation.email} autoComplete="username" />
            <TextField
              name="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              required
              errors={errors}
            />
          </>
        ) : (
          <>
            <TextField
              name="name"
              label="Your name"
              autoComplete="name"
              required
              defaultValue={values?.name}
              errors={errors}
            />
            <TextField
              name="password"
              label="Choose a password"
              type="password"
              autoComplete="new-password"
              hint={`At least ${PASSWORD_MIN} characters.`}
              minLength={PASSWORD_MIN}
              required
              errors={errors}
            />
          </>
        )}
        <button
          type="submit"
          className="button button--primary"
          disabled={navigation.state === 'submitting'}
        >
          Join {invitation.organizationName}
        </button>
      </Form>
    </section>
  )
}
