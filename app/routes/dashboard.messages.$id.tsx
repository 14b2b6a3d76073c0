import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { timeZoneList } from '~/components/dashboard/case-form'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { MESSAGE_STATUS_LABELS } from '~/domain/labels'
import { MessageForm } from '~/components/dashboard/message-form'
import { ErrorSummary, Field, Notice, type Errors } from '~/components/ui/field'
import { countAudience } from '~/models/audience.server'
import { getPetitionMergeData } from '~/models/merge-data.server'
import {
  getMessageForOrganization,
  getMessageStatistics,
  listMessagePetitionChoices,
  UnknownPetitionsError,
} from '~/models/message.server'
import { canCancelMessage, canSendMessage, type MessageStatus } from '~/domain/states'
import { requireOrganizer } from '~/services/auth.server'
import {
  cancelCampaign,
  previewCampaign,
  scheduleCampaignBeforeDeadline,
  sendCampaign,
  sendTestCampaign,
  updateCampaignDraft,
} from '~/services/campaigns.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { readForm } from '~/utils/form.server'
import { formatShortDateTime, instantToZonedLocal, zonedLocalToInstant } from '~/utils/zoned-time'
import { isTimeZone, errorsByField, formObject } from '~/validation/dashboard'
import { MessageFormSchema, MessageSendFormSchema } from '~/validation/message'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d?.message.subject ?? 'Message'} · Campaigns · Vigil` },
]

const DONE: Record<string, string> = {
  created: 'Draft saved. Check the preview, send yourself a test, then send it.',
  saved: 'Changes saved.',
  test: 'A test copy is on its way to you.',
  sending: 'Sending has started.',
  scheduled: 'The message is scheduled.',
  deadline: 'The message is timed by the case’s date: it moves when the date moves.',
  cancelled: 'The message is cancelled; nobody else will get it.',
}

/** How often the page refreshes its numbers while a message is sending (or about to). */
const LIVE_REFRESH_MS = 2_000
/** A scheduled message is followed live from this long before its time. */
const LIVE_LEAD_MS = 2 * 60_000

/** "Sending has started" stays in the URL; once the message has moved on, it is not said. */
function staleNotice(done: string, status: MessageStatus): boolean {
  return (
    (done === 'sending' && status !== 'sending') ||
    ((done === 'scheduled' || done === 'deadline') && status !== 'scheduled')
  )
}

function notFound(): never {
  throw new Response('There is no such message in your organization.', { status: 404 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const message = await getMessageForOrganization({ organizationId, messageId: params.id! })
  if (!message) notFound()
  const audience = {
    countries: message.audienceCountries,
    postalPrefixes: message.audiencePostalPrefixes,
  }
  const [stats, targets] = await Promise.all([
    getMessageStatistics(message.id),
    getPetitionMergeData(message.petitionIds),
  ])
  const timeZone = targets[0]?.timeZone ?? 'UTC'
  // The deadline its targets share (one case), to offer "N hours before" against.
  const [first] = targets
  const oneCase =
    first &&
    targets.every(
      (t) =>
        t.personName === first.personName && t.nextDate?.getTime() === first.nextDate?.getTime(),
    )
  const deadline =
    oneCase && first.nextDate && first.nextDate.getTime() > Date.now()
      ? { personName: first.personName, at: formatShortDateTime(first.nextDate, timeZone) }
      : null
  let preview = null
  let previewErrors: Errors | null = null
  try {
    preview = await previewCampaign({
      organizationId,
      subject: message.subject,
      body: message.body,
      petitionIds: message.petitionIds,
      audience,
    })
  } catch (error) {
    // Unknown petitions are shown beside the form; anything else the template says, here.
    if (!(error instanceof UnknownPetitionsError)) previewErrors = formErrorsFor(error).errors
  }
  const draft = message.status === 'draft'
  const done = new URL(request.url).searchParams.get('done') ?? ''
  const at = (d: Date | null) => (d ? formatShortDateTime(d, timeZone) : null)
  return {
    message: {
      id: message.id,
      subject: message.subject,
      body: message.body,
      status: message.status,
      scheduledAt: at(message.scheduledAt),
      finishedAt: at(message.finishedAt),
      cancelledAt: at(message.cancelledAt),
      fannedOut: message.fannedOutAt !== null,
      /** Sending, or about to: the page follows it live (a message scheduled days ahead does not). */
      live:
        message.status === 'sending' ||
        (message.status === 'scheduled' &&
          message.scheduledAt !== null &&
          message.scheduledAt.getTime() - Date.now() < LIVE_LEAD_MS),
      hoursBeforeDeadline: message.hoursBeforeDeadline,
      cancelReason: message.cancelReason,
      audience,
    },
    targets: targets.map((t) => ({ id: t.petitionId, title: t.title, personName: t.personName })),
    stats,
    /** Before the fan-out: how many it would reach now. */
    reach: message.fannedOutAt
      ? null
      : await countAudience({ organizationId, petitionIds: message.petitionIds, audience }),
    preview: preview && {
      supporterName: preview.supporterName,
      petitionTitle: preview.petitionTitle,
      subject: preview.subject,
      html: preview.html,
      text: preview.text,
    },
    previewErrors,
    canSend: canSendMessage(message.status),
    canCancel: canCancelMessage(message.status) && !draft,
    editing: draft ? await listMessagePetitionChoices({ organizationId }) : null,
    timeZone,
    deadline,
    timeZones: canSendMessage(message.status) ? timeZoneList() : [],
    scheduleDefault: instantToZonedLocal(
      message.scheduledAt ?? new Date(Date.now() + 3_600_000),
      timeZone,
    ),
    done: staleNotice(done, message.status) ? null : (DONE[done] ?? null),
  }
}

type ActionData = {
  intent: string
  errors: Errors
  values?: Record<string, string | string[]>
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const { organizationId } = organizer
  const existing = await getMessageForOrganization({ organizationId, messageId: params.id! })
  if (!existing) notFound()
  const messageId = existing.id
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const back = (done: string) => redirect(`/dashboard/messages/${messageId}?done=${done}`, 303)
  const fail = (status: number, errors: Errors, values?: ActionData['values']) =>
    data<ActionData>({ intent, errors, ...(values ? { values } : {}) }, { status })
  const raw = formObject(form, ['petitionIds'])
  try {
    switch (intent) {
      case 'save': {
        const parsed = MessageFormSchema.safeParse(raw)
        if (!parsed.success) return fail(400, errorsByField(parsed.error), raw)
        await updateCampaignDraft({ organizationId, messageId, ...parsed.data })
        return back('saved')
      }
      case 'test': {
        await sendTestCampaign({ organizationId, messageId, to: organizer.email })
        return back('test')
      }
      case 'send': {
        const parsed = MessageSendFormSchema.safeParse(Object.fromEntries(form))
        if (!parsed.success) return fail(400, errorsByField(parsed.error))
        const when = parsed.data
        if (when.when === 'deadline') {
          const hours = when.hoursBeforeDeadline
          if (!(await scheduleCampaignBeforeDeadline({ organizationId, messageId, hours })))
            notFound()
          return back('deadline')
        }
        let scheduledAt: Date | null = null
        if (when.when === 'later') {
          if (!isTimeZone(when.timeZone))
            return fail(400, { timeZone: ['Choose a time zone from the list.'] })
          scheduledAt = zonedLocalToInstant(when.scheduledAt, when.timeZone)
          if (!scheduledAt) return fail(400, { scheduledAt: ['Enter a date and time.'] })
        }
        const message = await sendCampaign({
          organizationId,
          messageId,
          scheduledAt,
          ifPast: 'refuse',
        })
        if (!message) notFound()
        return back(message.status === 'scheduled' ? 'scheduled' : 'sending')
      }
      case 'cancel': {
        await cancelCampaign({ organizationId, messageId })
        return back('cancelled')
      }
      default:
        return fail(400, { form: ['Choose one of the actions offered.'] })
    }
  } catch (error) {
    const { status, errors } = formErrorsFor(error)
    return fail(status, errors, intent === 'save' ? raw : undefined)
  }
}

/** While a message is sending (or about to), its numbers refresh in place (with JavaScript). */
function useLiveNumbers(live: boolean) {
  const revalidator = useRevalidator()
  const state = useRef(revalidator)
  state.current = revalidator
  useEffect(() => {
    if (!live) return
    const timer = setInterval(() => {
      if (state.current.state === 'idle' && document.visibilityState === 'visible')
        state.current.revalidate()
    }, LIVE_REFRESH_MS)
    return () => clearInterval(timer)
  }, [live])
}

const n = (value: number) => value.toLocaleString('en-US')

export default function MessageView() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const { message, stats } = d
  useLiveNumbers(message.live)
  const errors = actionData?.errors
  const templateErrors =
    actionData?.intent !== 'save' && (errors?.subject || errors?.body) ? errors : d.previewErrors
  // The draft's form shows a template's errors beside subject and message, whichever action found them.
  const editErrors = actionData?.intent === 'save' ? errors : (templateErrors ?? undefined)
  const sendErrors = actionData?.intent === 'send' ? errors : undefined
  const audience = message.audience
  const limited = audience.countries.length > 0 || audience.postalPrefixes.length > 0
  const settled = stats.sent + stats.failed + stats.skipped + stats.cancelled
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/messages">Campaigns</Link>
      </p>
      <div className="dash-head">
        <h1>
          {message.subject}{' '}
          <span className={`status status--msg-${message.status}`}>
            {MESSAGE_STATUS_LABELS[message.status]}
          </span>
        </h1>
      </div>
      <Notice message={d.done} />
      {errors?.form ? (
        <p className="form-alert" role="alert">
          {errors.form.join(' ')}
        </p>
      ) : null}

      <div className="dash-grid dash-grid--wide-left">
        <div>
          <section className="panel" aria-labelledby="progress-heading">
            <h2 id="progress-heading">Progress</h2>
            {message.fannedOut ? (
              <>
                <p aria-live="polite" className="progress-line">
                  <label htmlFor="sent-progress">
                    <strong>
                      {n(stats.sent)} of {n(stats.totalTargeted)} sent
                    </strong>
                  </label>
                  {message.status === 'sending' && stats.queued > 0
                    ? ` · ${n(stats.queued)} to go`
                    : ''}
                </p>
                <progress
                  id="sent-progress"
                  className="send-progress"
                  max={Math.max(1, stats.totalTargeted)}
                  value={stats.sent}
                >
                  {n(stats.sent)} of {n(stats.totalTargeted)}
                </progress>
                <dl className="stat-row">
                  <div className="stat">
                    <dt>Targeted</dt>
                    <dd className="stat__value">{n(stats.totalTargeted)}</dd>
                  </div>
                  <div className="stat">
                    <dt>Sent</dt>
                    <dd className="stat__value">{n(stats.sent)}</dd>
                  </div>
                  <div className={`stat${stats.failed ? ' stat--warn' : ''}`}>
                    <dt>Failed</dt>
                    <dd className="stat__value">{n(stats.failed)}</dd>
                  </div>
                  <div className="stat">
                    <dt>Unsubscribed</dt>
                    <dd className="stat__value">{n(stats.unsubscribed)}</dd>
                  </div>
                  <div className="stat">
                    <dt>Skipped</dt>
                    <dd className="stat__value">{n(stats.skipped)}</dd>
                  </div>
                </dl>
                <p className="field__hint">
                  Skipped: unsubscribed or suppressed before their turn.
                  {stats.cancelled ? ` ${n(stats.cancelled)} not sent: cancelled.` : ''}
                  {settled < stats.totalTargeted && message.status === 'sending'
                    ? ' Temporary failures are retried for 24 hours.'
                    : ''}
                </p>
              </>
            ) : (
              <p>
                {message.status === 'scheduled' && message.scheduledAt ? (
                  <>
                    Scheduled for <strong>{message.scheduledAt}</strong>
                    {message.hoursBeforeDeadline !== null
                      ? `, ${message.hoursBeforeDeadline} hours before the case’s date (it moves when the date moves)`
                      : ''}
                    .{' '}
                  </>
                ) : null}
                {message.status === 'scheduled' && !message.scheduledAt ? (
                  <>
                    Timed {message.hoursBeforeDeadline} hours before the case&rsquo;s date, which it
                    does not have yet: it is sent once the date is set.{' '}
                  </>
                ) : null}
                {message.status === 'cancelled' ? 'Cancelled before sending. ' : null}
                {d.reach !== null ? (
                  <>
                    Would reach <strong>{n(d.reach)}</strong> {d.reach === 1 ? 'signer' : 'signers'}{' '}
                    now.
                  </>
                ) : null}
              </p>
            )}
            {message.finishedAt ? <p className="muted">Finished {message.finishedAt}.</p> : null}
            {message.cancelledAt ? (
              <p className="muted">
                Cancelled {message.cancelledAt}.
                {message.cancelReason ? ` ${message.cancelReason}` : ''}
              </p>
            ) : null}
          </section>

          <section className="panel" aria-labelledby="preview-heading">
            <h2 id="preview-heading">Preview</h2>
            {templateErrors ? (
              <div className="form-alert" role="alert">
                <p>This message does not render; nobody can be sent it until it is fixed.</p>
                <ul>
                  {templateErrors.subject ? (
                    <li>Subject: {templateErrors.subject.join(' ')}</li>
                  ) : null}
                  {templateErrors.body ? <li>Message: {templateErrors.body.join(' ')}</li> : null}
                </ul>
              </div>
            ) : null}
            {d.preview ? (
              <>
                <p className="muted">
                  As <strong>{d.preview.supporterName}</strong> would get it (
                  {d.preview.petitionTitle}).
                </p>
                <p>
                  <strong>Subject:</strong> {d.preview.subject}
                </p>
                <iframe
                  title="The message as HTML mail"
                  className="mail-preview"
                  sandbox=""
                  srcDoc={d.preview.html}
                />
                <details>
                  <summary>Text part</summary>
                  <pre className="mono mail-text">{d.preview.text}</pre>
                </details>
              </>
            ) : null}
          </section>

          {d.editing ? (
            <section className="panel" aria-labelledby="edit-heading">
              <h2 id="edit-heading">Edit the draft</h2>
              <details open={Boolean(editErrors)}>
                <summary>Change the subject, text, petitions or regions</summary>
                <MessageForm
                  values={
                    actionData?.intent === 'save' && actionData.values
                      ? actionData.values
                      : {
                          subject: message.subject,
                          body: message.body,
                          petitionIds: d.targets.map((t) => t.id),
                          countries: audience.countries.join(', '),
                          postalPrefixes: audience.postalPrefixes.join(', '),
                        }
                  }
                  errors={editErrors}
                  petitions={d.editing}
                  submitLabel="Save changes"
                />
              </details>
            </section>
          ) : null}
        </div>

        <div>
          {d.canSend ? (
            <section className="panel" aria-labelledby="send-heading">
              <h2 id="send-heading">Send</h2>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="send" />
                <ErrorSummary errors={sendErrors} />
                <fieldset
                  className={`fieldset${sendErrors?.when ? ' field--error' : ''}`}
                  aria-describedby={sendErrors?.when ? 'when-error' : undefined}
                >
                  <legend>When</legend>
                  {sendErrors?.when ? (
                    <p className="field__error" id="when-error">
                      {sendErrors.when.join(' ')}
                    </p>
                  ) : null}
                  <label className="check">
                    <input
                      type="radio"
                      name="when"
                      value="now"
                      defaultChecked={message.status === 'draft'}
                    />
                    <span>Now</span>
                  </label>
                  <label className="check">
                    <input
                      type="radio"
                      name="when"
                      value="later"
                      defaultChecked={
                        message.status === 'scheduled' && message.hoursBeforeDeadline === null
                      }
                    />
                    <span>At this time:</span>
                  </label>
                  <Field name="scheduledAt" label="Date and time" errors={sendErrors}>
                    {(p) => <input {...p} type="datetime-local" defaultValue={d.scheduleDefault} />}
                  </Field>
                  <Field name="timeZone" label="Time zone" errors={sendErrors}>
                    {(p) => (
                      <select {...p} defaultValue={d.timeZone}>
                        {d.timeZones.map((z) => (
                          <option key={z} value={z}>
                            {z}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <label className="check">
                    <input
                      type="radio"
                      name="when"
                      value="deadline"
                      defaultChecked={
                        message.status === 'scheduled' && message.hoursBeforeDeadline !== null
                      }
                    />
                    <span>Hours before the case&rsquo;s date, following it when it moves:</span>
                  </label>
                  <Field
                    name="hoursBeforeDeadline"
                    label="Hours before the deadline"
                    errors={sendErrors}
                    hint={
                      d.deadline
                        ? `${d.deadline.personName}: ${d.deadline.at}. Cancelled if the case is resolved.`
                        : 'The petitions must be of one case; without a date yet, it waits for one.'
                    }
                  >
                    {(p) => (
                      <input
                        {...p}
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={2160}
                        defaultValue={String(message.hoursBeforeDeadline ?? 48)}
                      />
                    )}
                  </Field>
                </fieldset>
                <button type="submit" className="button button--primary">
                  {message.status === 'scheduled' ? 'Change the time' : 'Send'}
                </button>
              </Form>
            </section>
          ) : null}

          {message.status !== 'cancelled' && message.status !== 'sent' ? (
            <section className="panel" aria-labelledby="test-heading">
              <h2 id="test-heading">Test</h2>
              <Form method="post">
                <input type="hidden" name="intent" value="test" />
                <p className="field__hint">
                  Sends you one copy as the preview shows it, subject marked [Test]. Nobody else
                  gets it.
                </p>
                <button type="submit" className="button">
                  Send a test to me
                </button>
              </Form>
            </section>
          ) : null}

          {d.canCancel ? (
            <section className="panel" aria-labelledby="cancel-heading">
              <h2 id="cancel-heading">Stop</h2>
              <Form method="post">
                <input type="hidden" name="intent" value="cancel" />
                <p className="field__hint">
                  Nobody who has not got it yet will. Mail already sent cannot be called back.
                </p>
                <button type="submit" className="button button--warn">
                  Cancel the message
                </button>
              </Form>
            </section>
          ) : null}

          <section className="panel" aria-labelledby="audience-heading">
            <h2 id="audience-heading">Audience</h2>
            <p>Confirmed, subscribed signers of:</p>
            <ul className="link-list">
              {d.targets.map((t) => (
                <li key={t.id}>
                  <Link to={`/dashboard/petitions/${t.id}`}>{t.title}</Link>
                  <span className="muted"> — {t.personName}</span>
                </li>
              ))}
            </ul>
            {limited ? (
              <p>
                Only in
                {audience.countries.length ? ` ${audience.countries.join(', ')}` : ''}
                {audience.countries.length && audience.postalPrefixes.length ? ',' : ''}
                {audience.postalPrefixes.length
                  ? ` postal codes starting ${audience.postalPrefixes.join(', ')}`
                  : ''}
                .
              </p>
            ) : (
              <p className="muted">In every region.</p>
            )}
            <p className="field__hint">
              Never: the unsubscribed and the addresses on your{' '}
              <Link to="/dashboard/suppressions">suppression list</Link>.
            </p>
          </section>
        </div>
      </div>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
