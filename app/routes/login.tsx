import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormAlert, TextField, type FieldErrors } from '~/components/ui/text-field'
import { getOrganizer, logIn, safeRedirect } from '~/services/auth.server'
import { loadContext } from '~/utils/request.server'
import { LoginSchema } from '~/validation/auth'
import { fieldErrors } from '~/validation/signature'
import { readForm } from '~/utils/form.server'

// Retry-After on a throttled sign-in.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders

export const meta: MetaFunction = () => [{ title: 'Sign in · Vigil' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'))
  if (await getOrganizer(request)) throw redirect(redirectTo)
  return { redirectTo, passwordChanged: url.searchParams.get('reset') === 'done' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, { schemaRefusesNul: true })
  const email = String(form.get('email') ?? '').replaceAll('\u0000', '')
  const redirectTo = safeRedirect(form.get('redirectTo'))
  const values = { email, redirectTo }
  const parsed = LoginSchema.safeParse({
    email: form.get('email') ?? undefined,
    password: form.get('password') ?? undefined,
  })
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 })
  const result = await logIn({
    request,
    ...parsed.data,
    ip: loadContext(context).clientIp,
    redirectTo,
  })
  if (result.ok) return result.response
  return data(
    { formError: result.formError, values },
    {
      status: result.status,
      headers: result.retryAfterSeconds
        ? { 'Retry-After': String(result.retryAfterSeconds) }
        : undefined,
    },
  )
}

export default function Login() {
  const { redirectTo, passwordChanged } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as
    | { errors?: FieldErrors; formError?: string; values: { email: string; redirectTo: string } }
    | undefined
  const navigation = useNavigation()
  const errors = result?.errors
  const formError = result?.formError
  return (
    <section className="panel narrow">
      <h1>Sign in</h1>
      {passwordChanged && !result ? (
        <p className="notice" role="status">
          Your password has been changed. Sign in with the new one.
        </p>
      ) : null}
      <FormAlert message={formError} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={result?.values.redirectTo ?? redirectTo} />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="username"
          required
          defaultValue={result?.values.email}
          errors={errors}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          errors={errors}
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={navigation.state === 'submitting'}
        >
          Sign in
        </button>
      </Form>
      <p className="muted">
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </section>
  )
}
