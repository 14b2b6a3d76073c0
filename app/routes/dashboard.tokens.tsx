import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from '~/validation/zod'
import { FormAlert, TextField, type FieldErrors } from '~/components/ui/text-field'
import { listApiTokens } from '~/models/api-token.server'
import { createToken, revokeToken } from '~/services/accounts.server'
import { may } from '~/domain/permissions'
import { requireOrganizer } from '~/services/auth.server'
import { TokenNameSchema } from '~/validation/auth'
import { fieldErrors } from '~/validation/signature'
import { readForm } from '~/utils/form.server'

// A page that may show a new token is never cached.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction = () => [{ title: 'API tokens · Vigil' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const all = await listApiTokens({ organizationId: organizer.organizationId })
  // Admins see (and may revoke) every token of the organization; organizers their own.
  const seesAll = may(organizer.role, 'manageAllTokens')
  const tokens = seesAll ? all : all.filter((t) => t.userId === organizer.userId)
  return { tokens, isAdmin: seesAll }
}

const RevokeSchema = z.object({ id: z.uuid() })

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent === 'revoke') {
    const parsed = RevokeSchema.safeParse({ id: form.get('id') })
    if (!parsed.success) throw new Response('No such token.', { status: 404 })
    const revoked = await revokeToken({ id: parsed.data.id, organizer })
    if (!revoked) throw new Response('No such token.', { status: 404 })
    return redirect('/dashboard/tokens', 303)
  }
  const parsed = TokenNameSchema.safeParse({ name: form.get('name') ?? undefined })
  if (!parsed.success) {
    return data(
      { errors: fieldErrors(parsed.error), values: { name: String(form.get('name') ?? '') } },
      { status: 400 },
    )
  }
  const created = await createToken({
    actorId: organizer.userId,
    userId: organizer.userId,
    organizationId: organizer.organizationId,
    name: parsed.data.name,
  })
  // Shown in this response only: never stored in plain text, never cached.
  return data(
    { created: { name: parsed.data.name, token: created.token } },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

type ActionData =
  | { errors: FieldErrors; values: { name: string } }
  | { created: { name: string; token: string } }
  | undefined

function formatDate(value: string | Date | null): string {
  if (!value) return 'never'
  return new Date(value).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}

export default function Tokens() {
  const { tokens, isAdmin } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as ActionData
  const navigation = useNavigation()
  const errors = result && 'errors' in result ? result.errors : undefined
  return (
    <section>
      <h1>API tokens</h1>
      <p className="muted">
        A token lets a script use the JSON API at <code>/api/v1</code> as you, in this organization.
        Send it as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      {result && 'created' in result ? (
        <div className="panel token-once" role="status">
          <h2>Token “{result.created.name}” created</h2>
          <p>Copy it now: it is shown only once.</p>
          <label htmlFor="new-token">Token</label>
          <input
            id="new-token"
            readOnly
            value={result.created.token}
            className="token-once__value"
          />
        </div>
      ) : null}
      <div className="panel">
        <h2>New token</h2>
        <FormAlert message={errors ? 'Please correct the field marked below.' : null} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          <TextField
            name="name"
            label="Name"
            hint="What uses it, e.g. “docket sync script”."
            required
            maxLength={100}
            defaultValue={result && 'values' in result ? result.values.name : undefined}
            errors={errors}
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={navigation.state === 'submitting'}
          >
            Create token
          </button>
        </Form>
      </div>
      {tokens.length === 0 ? (
        <p className="muted">No tokens yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              {isAdmin ? <th scope="col">Owner</th> : null}
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                {isAdmin ? <td>{t.userEmail}</td> : null}
                <td>{formatDate(t.createdAt)}</td>
                <td>{formatDate(t.lastUsedAt)}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="muted">Revoked {formatDate(t.revokedAt)}</span>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="id" value={t.id} />
                      <button type="submit" className="button" aria-label={`Revoke ${t.name}`}>
                        Revoke
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
