import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { TextField, type FieldErrors } from '~/components/ui/text-field'
import { RESET_TOKEN_MINUTES } from '~/models/password-reset.server'
import { askForPasswordReset } from '~/services/accounts.server'
import { ForgotPasswordSchema } from '~/validation/auth'
import { fieldErrors } from '~/validation/signature'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction = () => [{ title: 'Reset your password · Vigil' }]

export function loader({ request }: LoaderFunctionArgs) {
  const sent = new URL(request.url).searchParams.get('sent') === '1'
  return { sent, minutes: RESET_TOKEN_MINUTES }
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  const parsed = ForgotPasswordSchema.safeParse({ email: form.get('email') ?? undefined })
  if (!parsed.success) {
    return data(
      { errors: fieldErrors(parsed.error), values: { email: String(form.get('email') ?? '') } },
      { status: 400 },
    )
  }
  // The same answer whether or not the account exists.
  await askForPasswordReset(parsed.data.email)
  return redirect('/forgot-password?sent=1', 303)
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>() as
    { errors: FieldErrors; values: { email: string } } | undefined
  const { sent, minutes } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  if (sent && !result) {
    return (
      <section className="panel narrow">
        <h1>Check your mail</h1>
        <p>
          If an account exists for that address, we have sent it a link to choose a new password.
          The link works once, for {minutes} minutes.
        </p>
        <p>
          <Link to="/login">Back to sign in</Link>
        </p>
      </section>
    )
  }
  return (
    <section className="panel narrow">
      <h1>Reset your password</h1>
      <p className="muted">Enter the email address of your account and we will mail you a link.</p>
      <Form method="post" noValidate>
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="username"
          required
          defaultValue={result?.values.email}
          errors={result?.errors}
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={navigation.state === 'submitting'}
        >
          Send the link
        </button>
      </Form>
      <p className="muted">
        <Link to="/login">Back to sign in</Link>
      </p>
    </section>
  )
}
