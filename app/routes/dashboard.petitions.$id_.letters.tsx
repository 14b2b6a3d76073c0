import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { Pager } from '~/components/ui/pager'
import { Notice } from '~/components/ui/field'
import {
  countLetterDigests,
  FINAL_DIGEST_LEAD_HOURS,
  getLetterSummary,
  listLetterDigests,
} from '~/models/letter-digest.server'
import { resendDigest } from '~/services/letters.server'
import { getPetitionForOrganization } from '~/models/petition.server'
import { LETTER_DIGEST_SCHEDULE_LABELS, LETTER_DIGEST_STATUS_LABELS } from '~/domain/labels'
import { requireOrganizer } from '~/services/auth.server'
import { notFoundInOrganization } from '~/services/form-errors.server'
import { pageCount, pageFromUrl } from '~/utils/paging'
import { readForm } from '~/utils/form.server'
import { plural } from '~/utils/time'
import { formatShortDateTime } from '~/utils/zoned-time'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `Letters · ${d?.petition.title ?? 'Petition'} · Vigil` },
]

const PER_PAGE = 50

const notFound: () => never = () => notFoundInOrganization('petition')

/** What was delivered to whom and when, and what waits for the next digest. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const petition = await getPetitionForOrganization({ organizationId, petitionId: params.id! })
  if (!petition) notFound()
  const url = new URL(request.url)
  const page = pageFromUrl(url, 100_000)
  const tz = petition.case.timeZone
  const [summary, digests, total] = await Promise.all([
    getLetterSummary({ organizationId, petitionId: petition.id }),
    listLetterDigests({
      organizationId,
      petitionId: petition.id,
      limit: PER_PAGE,
      offset: (page - 1) * PER_PAGE,
    }),
    countLetterDigests({ organizationId, petitionId: petition.id }),
  ])
  if (!summary) notFound()
  const when = (at: Date | null) => (at ? formatShortDateTime(at, tz) : null)
  const resent = url.searchParams.get('resent')
  return {
    petition: { id: petition.id, title: petition.title, status: petition.status },
    summary: {
      schedule: LETTER_DIGEST_SCHEDULE_LABELS[summary.schedule],
      carriesLetter: summary.carriesLetter,
      letters: summary.letters,
      nextCutoff: when(summary.nextCutoff),
      finalAt: when(summary.finalAt),
      targets: summary.targets,
      delivering: petition.status === 'open' || petition.status === 'closed',
    },
    digests: digests.map((d) => ({
      id: d.id,
      officialName: d.officialName,
      toAddress: d.toAddress,
      kind: d.kind,
      part: d.part,
      window: `${d.windowStart ? `${when(d.windowStart)} – ` : 'Up to '}${when(d.windowEnd)}`,
      letterCount: d.letterCount,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      nextAttemptAt: d.status === 'queued' && d.attempts > 0 ? when(d.nextAttemptAt) : null,
      sentAt: when(d.sentAt),
    })),
    page,
    pages: pageCount(total, PER_PAGE),
    done: resent ? `Queued again, to ${resent}.` : null,
  }
}

/** Send a failed digest again, to the official's address as it is now. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const petition = await getPetitionForOrganization({ organizationId, petitionId: params.id! })
  if (!petition) notFound()
  const form = await readForm(request)
  if (form.get('intent') !== 'resend')
    return data({ error: 'Choose one of the actions offered.' }, { status: 400 })
  const resent = await resendDigest({
    organizationId,
    petitionId: petition.id,
    digestId: String(form.get('digestId') ?? ''),
  })
  if (!resent)
    return data(
      {
        error:
          'That delivery cannot be sent again: it did not fail, or the official has no email address.',
      },
      { status: 409 },
    )
  return redirect(
    `/dashboard/petitions/${petition.id}/letters?${new URLSearchParams({ resent: resent.toAddress })}`,
    303,
  )
}

export default function PetitionLetters() {
  const { petition, summary, digests, page, pages, done } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { error: string } | undefined
  const base = `/dashboard/petitions/${petition.id}`
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/petitions">Petitions</Link> · <Link to={base}>{petition.title}</Link>
      </p>
      <div className="dash-head">
        <h1>Letters to the decision makers</h1>
        <div className="dash-actions">
          <Link className="button" to={`${base}/edit`}>
            Change the letter or schedule
          </Link>
        </div>
      </div>
      <Notice message={done} />
      {actionData?.error ? (
        <p className="form-alert" role="alert">
          {actionData.error}
        </p>
      ) : null}

      <section className="panel" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading">Schedule</h2>
        {!summary.carriesLetter ? (
          <p className="muted">
            This petition carries no letter, so signers write none.{' '}
            <Link to={`${base}/edit`}>Add a letter</Link>.
          </p>
        ) : null}
        <p>
          <strong>{summary.schedule}.</strong> Each decision maker gets the new letters in one
          message, never one per signer.
          {summary.delivering && summary.nextCutoff
            ? ` Next delivery: ${summary.nextCutoff}.`
            : null}
        </p>
        {summary.finalAt && summary.delivering ? (
          <p>
            One last delivery of every waiting letter goes out {FINAL_DIGEST_LEAD_HOURS} hours
            before the deadline: {summary.finalAt}.
          </p>
        ) : null}
        {!summary.delivering ? (
          <p className="urgent">
            {petition.status === 'draft'
              ? 'Letters are delivered once the petition is published.'
              : 'The petition is settled: waiting letters are no longer delivered.'}
          </p>
        ) : null}
        <p className="muted">{plural(summary.letters, 'confirmed letter')} so far.</p>
      </section>

      <section className="panel" aria-labelledby="targets-heading">
        <h2 id="targets-heading">Waiting for the next delivery</h2>
        {summary.targets.length === 0 ? (
          <p className="muted">The petition has no one to deliver to.</p>
        ) : (
          <div className="table-wrap">
            <table className="table table--stack">
              <thead>
                <tr>
                  <th scope="col">Decision maker</th>
                  <th scope="col" className="num">
                    Waiting
                  </th>
                  <th scope="col" className="num">
                    Delivered
                  </th>
                </tr>
              </thead>
              <tbody>
                {summary.targets.map((t) => (
                  <tr key={t.officialId}>
                    <td data-label="Decision maker">
                      <Link to={`/dashboard/officials/${t.officialId}`}>{t.name}</Link>
                      {t.title ? <span className="muted"> — {t.title}</span> : null}
                      {t.hasEmail ? null : (
                        <div className="field__error small">
                          No email address: letters cannot reach them.{' '}
                          <Link to={`/dashboard/officials/${t.officialId}`}>Add one</Link>.
                        </div>
                      )}
                    </td>
                    <td data-label="Waiting" className="num">
                      {plural(t.waiting, 'letter')} waiting
                    </td>
                    <td data-label="Delivered" className="num">
                      {t.delivered.toLocaleString('en-US')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="digests-heading">
        <h2 id="digests-heading">Deliveries</h2>
        {digests.length === 0 ? (
          <p className="muted">Nothing delivered yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table table--stack">
              <thead>
                <tr>
                  <th scope="col">To</th>
                  <th scope="col">Letters confirmed</th>
                  <th scope="col" className="num">
                    Letters
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Sent</th>
                </tr>
              </thead>
              <tbody>
                {digests.map((d) => (
                  <tr key={d.id}>
                    <td data-label="To">
                      {d.officialName}
                      <div className="muted small break">{d.toAddress}</div>
                    </td>
                    <td data-label="Letters confirmed" className="small">
                      {d.window}
                      {d.kind === 'final' ? (
                        <div className="muted">Last delivery before the deadline</div>
                      ) : null}
                      {d.part > 1 ? <div className="muted">Part {d.part}</div> : null}
                    </td>
                    <td data-label="Letters" className="num">
                      {d.letterCount.toLocaleString('en-US')}
                    </td>
                    <td data-label="Status">
                      <span className={`status status--delivery-${d.status}`}>
                        {LETTER_DIGEST_STATUS_LABELS[d.status]}
                      </span>
                      {d.lastError ? (
                        <div className="small break">
                          {d.status === 'failed' ? '' : 'Last try: '}
                          {d.lastError}
                        </div>
                      ) : null}
                      {d.nextAttemptAt ? (
                        <div className="muted small">
                          Try {d.attempts + 1} at {d.nextAttemptAt}
                        </div>
                      ) : null}
                      {d.status === 'failed' ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="resend" />
                          <input type="hidden" name="digestId" value={d.id} />
                          <button type="submit" className="button button--small">
                            Send again
                          </button>
                        </Form>
                      ) : null}
                    </td>
                    <td data-label="Sent" className="small">
                      {d.sentAt ?? '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={page} pages={pages} href={(n) => `?page=${n}`} />
      </section>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
