import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Notice } from '~/components/ui/field'
import { Pager } from '~/components/ui/pager'
import {
  countWebhookDeliveries,
  getWebhookForOrganization,
  listWebhookDeliveries,
} from '~/models/webhook.server'
import { requireOrganizer } from '~/services/auth.server'
import { deleteWebhook, resumeWebhook, sendTestDelivery } from '~/services/webhooks.server'
import { readForm } from '~/utils/form.server'
import { pageFromUrl } from '~/utils/paging'

export const meta: MetaFunction = () => [{ title: 'Webhook · Vigil' }]

const PER_PAGE = 50

/** A webhook and its delivery log: each message, its attempts, what the receiver answered. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const webhook = await getWebhookForOrganization({ organizationId, webhookId: params.id! })
  if (!webhook) throw new Response('No such webhook.', { status: 404 })
  const page = pageFromUrl(new URL(request.url))
  const [deliveries, total] = await Promise.all([
    listWebhookDeliveries({
      organizationId,
      webhookId: webhook.id,
      limit: PER_PAGE,
      offset: (page - 1) * PER_PAGE,
    }),
    countWebhookDeliveries(webhook.id),
  ])
  return {
    webhook,
    deliveries,
    page,
    pages: Math.max(1, Math.ceil(total / PER_PAGE)),
    notice: new URL(request.url).searchParams.get('done'),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const form = await readForm(request)
  const target = { organizationId, webhookId: params.id! }
  const notFound = () => new Response('No such webhook.', { status: 404 })
  switch (form.get('intent')) {
    case 'test':
      if (!(await sendTestDelivery(target))) throw notFound()
      return redirect(`/dashboard/webhooks/${params.id}?done=test`, 303)
    case 'resume':
      if (!(await resumeWebhook(target))) throw notFound()
      return redirect(`/dashboard/webhooks/${params.id}?done=resume`, 303)
    case 'delete':
      if (!(await deleteWebhook(target))) throw notFound()
      return redirect('/dashboard/webhooks', 303)
    default:
      throw new Response('Unknown action.', { status: 400 })
  }
}

const NOTICES: Record<string, string> = {
  test: 'A test delivery is on its way: it appears below within seconds (once resumed, if paused).',
  resume: 'Resumed: the deliveries that waited are being sent.',
}

function when(value: Date | string | null): string {
  if (!value) return '—'
  return new Date(value).toISOString().slice(0, 19).replace('T', ' ') + ' UTC'
}

export default function WebhookLog() {
  const { webhook, deliveries, page, pages, notice } = useLoaderData<typeof loader>()
  return (
    <section className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/webhooks">Webhooks</Link>
      </p>
      <h1 className="break">{webhook.url}</h1>
      <Notice message={notice ? NOTICES[notice] : null} />
      <dl>
        <dt>Status</dt>
        <dd>
          {webhook.status === 'paused'
            ? `Paused ${when(webhook.pausedAt)}: its URL failed every delivery for 24 hours.`
            : webhook.failingSince
              ? `Active, failing since ${when(webhook.failingSince)}`
              : 'Active'}
        </dd>
        <dt>Events</dt>
        <dd>{webhook.events.join(', ')}</dd>
        <dt>Waiting</dt>
        <dd>{webhook.pending}</dd>
      </dl>
      <div className="dash-actions">
        <Form method="post">
          <input type="hidden" name="intent" value="test" />
          <button type="submit" className="button">
            Send a test delivery
          </button>
        </Form>
        {webhook.status === 'paused' ? (
          <Form method="post">
            <input type="hidden" name="intent" value="resume" />
            <button type="submit" className="button button--primary">
              Resume
            </button>
          </Form>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <button type="submit" className="button">
            Delete webhook
          </button>
        </Form>
      </div>
      <h2>Delivery log</h2>
      {deliveries.length === 0 ? (
        <p className="muted">Nothing delivered yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">Response</th>
                <th scope="col">Attempts</th>
                <th scope="col">Error or next try</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td data-label="Event">
                    <code>{d.type}</code>
                  </td>
                  <td data-label="Created">{when(d.createdAt)}</td>
                  <td data-label="Status">
                    {d.status === 'sent' ? `sent ${when(d.sentAt)}` : d.status}
                  </td>
                  <td data-label="Response">{d.responseStatus ?? '—'}</td>
                  <td data-label="Attempts">{d.attempts}</td>
                  <td data-label="Error or next try">
                    {d.lastError ?? ''}
                    {d.status === 'queued' && d.attempts > 0
                      ? ` (next try ${when(d.nextAttemptAt)})`
                      : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        page={page}
        pages={pages}
        href={(n) => `/dashboard/webhooks/${webhook.id}?page=${n}`}
      />
    </section>
  )
}
