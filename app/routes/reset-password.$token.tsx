import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { TextField, type FieldErrors } from '~/components/ui/text-field'
import { recordLoginAttempt } from '~/models/login-attempt.server'
import {
  getPasswordReset,
  resetPassword,
  type ResetLinkState,
} from '~/models/password-reset.server'
import { userEmailKey } from '~/models/user.server'
import { loadContext } from '~/utils/request.server'
import { PASSWORD_MIN, ResetPasswordSchema } from '~/validation/auth'
import { fieldErrors } from '~/validation/signature'
import { readForm } from '~/utils/form.server'

// The link's page is never cached (it carries a secret in its address).
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction = () => [
  { title: 'Choose a new password · Vigil' },
  { name: 'referrer', content: 'no-referrer' },
]

type LinkState = ResetLinkState | 'unknown'
const STATUS: Record<LinkState, number> = { valid: 200, expired: 410, used: 410, unknown: 404 }

export async function loader({ params }: LoaderFunctionArgs) {
  const reset = await getPasswordReset(params.token!)
  const state: LinkState = reset?.state ?? 'unknown'
  return data(
    { state, email: state === 'valid' ? reset!.email : null },
    { status: STATUS[state], headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request)
  const parsed = ResetPasswordSchema.safeParse({
    password: form.get('password') ?? undefined,
    confirm: form.get('confirm') ?? undefined,
  })
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 })
  const outcome = await resetPassword({ token: params.token!, password: parsed.data.password })
  if (!outcome) return data({ state: 'unknown' as const }, { status: 404 })
  if (outcome.result !== 'reset') return data({ state: outcome.result }, { status: 410 })
  // Proving the address by mail clears the failed sign-ins that may have locked it.
  await recordLoginAttempt({
    emailKey: userEmailKey(outcome.email),
    ip: loadContext(context).clientIp,
    succeeded: true,
  })
  return redirect('/login?reset=done', 303)
}

const DEAD_LINK: Record<Exclude<LinkState, 'valid'>, string> = {
  used: 'This link has already been used. Each reset link works once.',
  expired: 'This link has expired.',
  unknown: 'This link is not valid. Check that you opened the whole link from the mail.',
}

export default function ResetPassword() {
  const loaded = useLoaderData<typeof loader>() as unknown as {
    state: LinkState
    email: string | null
  }
  const result = useActionData<typeof action>() as
    { state: Exclude<LinkState, 'valid'> } | { errors: FieldErrors } | undefined
  const navigation = useNavigation()
  const state = result && 'state' in result ? result.state : loaded.state
  if (state !== 'valid') {
    return (
      <section className="panel narrow">
        <h1>Choose a new password</h1>
        <p>{DEAD_LINK[state]}</p>
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </section>
    )
  }
  const errors = result && 'errors' in result ? result.errors : undefined
  return (
    <section className="panel narrow">
      <h1>Choose a new password</h1>
      {loaded.email ? <p className="muted">For {loaded.email}.</p> : null}
      <Form method="post" noValidate>
        <TextField
          name="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN} characters.`}
          minLength={PASSWORD_MIN}
          required
          errors={errors}
        />
        <TextField
          name="confirm"
          label="New password, again"
          type="password"
          autoComplete="new-password"
          required
          errors={errors}
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={navigation.state === 'submitting'}
        >
          Set the new password
        </button>
      </Form>
    </section>
  )
}
