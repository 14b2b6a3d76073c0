import { templateTitle } from '~/domain/template-title'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { timeZoneList } from '~/components/dashboard/case-form'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { MessageAudience, MessagePreview } from '~/components/dashboard/message-panels'
import { MessageProgress } from '~/components/dashboard/message-progress'
import { MessageSendForm } from '~/components/dashboard/message-send-form'
import { MESSAGE_STATUS_LABELS } from '~/domain/labels'
import { MessageForm } from '~/components/dashboard/message-form'
import { Notice, type Errors } from '~/components/ui/field'
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
import { formErrorsFor, notFoundInOrganization } from '~/services/form-errors.server'
import { readForm } from '~/utils/form.server'
import { formatShortDateTime, instantToZonedLocal, zonedLocalToInstant } from '~/utils/zoned-time'
import { isTimeZone, errorsByField, formObject } from '~/validation/dashboard'
import { MessageFormSchema, MessageSendFormSchema } from '~/validation/message'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d ? templateTitle(d.message.subject) : 'Message'} · Campaigns · Vigil` },
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

const notFound: () => never = () => notFoundInOrganization('message')

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
      subjectEs: message.subjectEs,
      bodyEs: message.bodyEs,
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
          if (
            !(await scheduleCampaignBeforeDeadline({
              organizationId,
              messageId,
              hours,
              actorId: organizer.userId,
            }))
          )
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
          actorId: organizer.userId,
        })
        if (!message) notFound()
        return back(message.status === 'scheduled' ? 'scheduled' : 'sending')
      }
      case 'cancel': {
        await cancelCampaign({ organizationId, messageId, actorId: organizer.userId })
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
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/messages">Campaigns</Link>
      </p>
      <div className="dash-head">
        <h1>
          {templateTitle(message.subject)}{' '}
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
          <MessageProgress message={message} stats={stats} reach={d.reach} />

          <MessagePreview preview={d.preview} errors={templateErrors} />

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
                          subjectEs: message.subjectEs ?? '',
                          bodyEs: message.bodyEs ?? '',
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
            <MessageSendForm
              status={message.status}
              hoursBeforeDeadline={message.hoursBeforeDeadline}
              errors={sendErrors}
              scheduleDefault={d.scheduleDefault}
              timeZone={d.timeZone}
              timeZones={d.timeZones}
              deadline={d.deadline}
              reach={d.reach}
            />
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

          <MessageAudience targets={d.targets} audience={audience} />
        </div>
      </div>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
