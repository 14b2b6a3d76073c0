import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { FormAlert, TextField, type FieldErrors } from '~/components/ui/text-field'
import { WEBHOOK_EVENT_TYPES } from '~/domain/states'
import { listWebhooks } from '~/models/webhook.server'
import { requireOrganizer } from '~/services/auth.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { createWebhook } from '~/services/webhooks.server'
import { readForm } from '~/utils/form.server'
import { WebhookFormSchema } from '~/validation/webhook'
import { fieldErrors } from '~/validation/signature'

// A page that may show a new secret is never cached.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction = () => [{ title: 'Webhooks · Vigil' }]

const EVENT_LABELS: Record<(typeof WEBHOOK_EVENT_TYPES)[number], string> = {
  'signature.confirmed': 'A signature is confirmed (it counts)',
  'case.updated': 'A case changes (status, date, timeline)',
  'message.sent': 'A message to signers has been sent to everyone',
  'outreach.delivered': 'An official’s copy of an outreach is delivered',
}

export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request)
  return { webhooks: await listWebhooks({ organizationId: organizer.organizationId }) }
}

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const form = await readForm(request)
  const values = { url: String(form.get('url') ?? ''), events: form.getAll('events').map(String) }
  const parsed = WebhookFormSchema.safeParse(values)
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 })
  try {
    const { webhook, secret } = await createWebhook({
      organizationId: organizer.organizationId,
      createdBy: organizer.userId,
      ...parsed.data,
    })
    // Shown in this response only, never cached.
    return data(
      { created: { id: webhook.id, url: webhook.url, secret } },
      { headers: { 'Cache-Control': 'no-store' } },
    )
  } catch (error) {
    const { status, errors } = formErrorsFor(error)
    return data({ errors, values }, { status })
  }
}

type ActionData =
  | { errors: FieldErrors; values: { url: string; events: string[] } }
  | { created: { id: string; url: string; secret: string } }
  | undefined

export default function Webhooks() {
  const { webhooks } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as ActionData
  const errors = result && 'errors' in result ? result.errors : undefined
  const values = result && 'values' in result ? result.values : undefined
  return (
    <section className="dash">
      <h1>Webhooks</h1>
      <p className="muted">
        Vigil posts to these URLs when something happens, signed by the Standard Webhooks scheme
        (headers <code>webhook-id</code>, <code>webhook-timestamp</code>,{' '}
        <code>webhook-signature</code>). Failed deliveries are retried for 24 hours; a URL that
        fails for 24 hours is paused and the admins are told.
      </p>
      {result && 'created' in result ? (
        <div className="panel token-once" role="status">
          <h2>Webhook created</h2>
          <p>
            Its signing secret, shown only now: keep it with the receiver at{' '}
            <code>{result.created.url}</code>.
          </p>
          <label htmlFor="new-secret">Signing secret</label>
          <input
            id="new-secret"
            readOnly
            value={result.created.secret}
            className="token-once__value"
          />
        </div>
      ) : null}
      <div className="panel">
        <h2>New webhook</h2>
        <FormAlert message={errors ? 'Please correct the fields marked below.' : null} />
        <Form method="post" noValidate>
          <TextField
            name="url"
            label="URL"
            type="url"
            hint="https://, on a public address."
            required
            maxLength={2000}
            defaultValue={values?.url}
            errors={errors}
          />
          <fieldset
            className="field"
            aria-describedby={errors?.events ? 'events-error' : undefined}
          >
            <legend>Events</legend>
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <label key={type} className="check">
                <input
                  type="checkbox"
                  name="events"
                  value={type}
                  defaultChecked={values ? values.events.includes(type) : true}
                />
                <span>
                  <code>{type}</code> — {EVENT_LABELS[type]}
                </span>
              </label>
            ))}
            {errors?.events ? (
              <p className="field__error" id="events-error">
                {errors.events.join(' ')}
              </p>
            ) : null}
          </fieldset>
          <button type="submit" className="button button--primary">
            Create webhook
          </button>
        </Form>
      </div>
      {webhooks.length === 0 ? (
        <p className="muted">No webhooks yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Status</th>
                <th scope="col">Waiting</th>
              </tr>
            </thead>
            <tbody>
              {webhooks.map((w) => (
                <tr key={w.id}>
                  <td data-label="URL" className="break">
                    <Link to={`/dashboard/webhooks/${w.id}`}>{w.url}</Link>
                  </td>
                  <td data-label="Events">{w.events.join(', ')}</td>
                  <td data-label="Status">
                    {w.status === 'paused' ? <strong>Paused</strong> : 'Active'}
                  </td>
                  <td data-label="Waiting">{w.pending}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
