import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { OUTREACH_DELIVERY_LABELS, OUTREACH_STATUS_LABELS } from '~/domain/labels'
import { Notice } from '~/components/ui/field'
import { getOutreachForOrganization, OutreachStateError } from '~/models/outreach.server'
import { cancelOutreach } from '~/services/outreaches.server'
import { canCancelOutreach } from '~/domain/states'
import { requireOrganizer } from '~/services/auth.server'
import { notFoundInOrganization } from '~/services/form-errors.server'
import { readForm } from '~/utils/form.server'
import { formatShortDateTime } from '~/utils/zoned-time'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `Delivery of ${d?.outreach.petitionTitle ?? 'a petition'} · Vigil` },
]

const DONE: Record<string, string> = {
  sending: 'The outreach is on its way.',
  scheduled: 'The outreach is scheduled.',
  cancelled: 'The outreach is cancelled.',
}

const notFound: () => never = () => notFoundInOrganization('outreach')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const outreach = await getOutreachForOrganization({ organizationId, outreachId: params.id! })
  if (!outreach) notFound()
  const tz = outreach.timeZone
  const when = (at: Date | null) => (at ? formatShortDateTime(at, tz) : null)
  const done = new URL(request.url).searchParams.get('done') ?? ''
  return {
    outreach: {
      id: outreach.id,
      subject: outreach.subject,
      body: outreach.body,
      status: outreach.status,
      petitionId: outreach.petitionId,
      petitionTitle: outreach.petitionTitle,
      attachSignersCsv: outreach.attachSignersCsv,
      scheduledAt: when(outreach.scheduledAt),
      createdAt: when(outreach.createdAt),
      createdByName: outreach.createdByName,
      finishedAt: when(outreach.finishedAt),
      cancelledAt: when(outreach.cancelledAt),
      canCancel: canCancelOutreach(outreach.status),
    },
    deliveries: outreach.deliveries.map((d) => ({
      officialId: d.officialId,
      name: d.officialName,
      title: d.officialTitle,
      toAddress: d.toAddress,
      status: d.status,
      attempts: d.attempts,
      error: d.status === 'sent' ? null : d.lastError,
      sentAt: when(d.sentAt),
      nextAttemptAt: d.status === 'queued' || d.status === 'sending' ? when(d.nextAttemptAt) : null,
    })),
    done: DONE[done] ?? null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organizationId, userId } = await requireOrganizer(request)
  const form = await readForm(request)
  const existing = await getOutreachForOrganization({ organizationId, outreachId: params.id! })
  if (!existing) notFound()
  if (form.get('intent') !== 'cancel')
    return data({ error: 'Choose one of the actions offered.' }, { status: 400 })
  try {
    await cancelOutreach({ organizationId, outreachId: existing.id, actorId: userId })
  } catch (error) {
    if (error instanceof OutreachStateError)
      return data({ error: `It cannot be cancelled: ${error.message}` }, { status: 409 })
    throw error
  }
  return redirect(`/dashboard/outreaches/${existing.id}?done=cancelled`, 303)
}

export default function OutreachView() {
  const { outreach, deliveries, done } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { error: string } | undefined
  const sent = deliveries.filter((d) => d.status === 'sent').length
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/outreaches">Outreach</Link> ·{' '}
        <Link to={`/dashboard/petitions/${outreach.petitionId}`}>{outreach.petitionTitle}</Link>
      </p>
      <div className="dash-head">
        <h1>
          Delivery of &ldquo;{outreach.petitionTitle}&rdquo;{' '}
          <span className={`status status--${outreach.status}`}>
            {OUTREACH_STATUS_LABELS[outreach.status]}
          </span>
        </h1>
        {outreach.canCancel ? (
          <Form method="post" className="dash-actions">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="button">
              Cancel the outreach
            </button>
          </Form>
        ) : null}
      </div>
      <Notice message={done} />
      {actionData?.error ? (
        <p className="form-alert" role="alert">
          {actionData.error}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">
          Delivered to {sent} of {deliveries.length}
        </h2>
        <p className="muted">
          {outreach.status === 'scheduled'
            ? `Scheduled for ${outreach.scheduledAt}.`
            : `Sending from ${outreach.scheduledAt}.`}
          {outreach.finishedAt ? ` Finished ${outreach.finishedAt}.` : ''}
          {outreach.cancelledAt ? ` Cancelled ${outreach.cancelledAt}.` : ''}
          {outreach.attachSignersCsv ? ' With the signers attached as CSV.' : ''}
        </p>
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">Official</th>
                <th scope="col">Address</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.officialId}>
                  <td data-label="Official">
                    <Link to={`/dashboard/officials/${d.officialId}`}>{d.name}</Link>
                    {d.title ? <div className="muted small">{d.title}</div> : null}
                  </td>
                  <td data-label="Address" className="break">
                    {d.toAddress}
                  </td>
                  <td data-label="Status">
                    <span className={`status status--${d.status}`}>
                      {OUTREACH_DELIVERY_LABELS[d.status]}
                    </span>
                  </td>
                  <td data-label="When">
                    {d.sentAt
                      ? `Sent ${d.sentAt}`
                      : d.nextAttemptAt
                        ? `${d.attempts > 0 ? 'Next try' : 'Due'} ${d.nextAttemptAt}`
                        : ''}
                    {d.attempts > 1 ? (
                      <div className="muted small">{d.attempts} attempts</div>
                    ) : null}
                  </td>
                  <td data-label="Reason" className="break">
                    {d.error}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="panel" aria-labelledby="letter-heading">
        <h2 id="letter-heading">The letter</h2>
        <p className="muted">
          Written by {outreach.createdByName ?? 'a former member'} on {outreach.createdAt}. Merge
          fields are filled in for each official; the petition and its count follow the letter.
        </p>
        <p>
          <strong>Subject:</strong> {outreach.subject}
        </p>
        <pre className="mail-preview__text">{outreach.body}</pre>
      </section>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
