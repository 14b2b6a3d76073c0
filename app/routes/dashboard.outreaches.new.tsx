import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { ErrorSummary, Field, Notice, type Errors } from '~/components/ui/field'
import { listOfficials } from '~/models/official.server'
import { getPetitionForOrganization, listPetitionsForOrganization } from '~/models/petition.server'
import { requireOrganizer } from '~/services/auth.server'
import { readForm } from '~/utils/form.server'
import {
  createOutreach,
  previewOutreach,
  sendTestOutreach,
  type OutreachPreview,
} from '~/services/outreaches.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { zonedLocalToInstant } from '~/utils/zoned-time'
import { errorsByField, formObject } from '~/validation/dashboard'
import { OutreachFormSchema } from '~/validation/outreach'

export const meta: MetaFunction = () => [{ title: 'Deliver to officials · Vigil' }]

const DEFAULT_SUBJECT =
  'Petition for {{ case.person_name }}: {{ petition.total_signatures }} signatures'
const DEFAULT_BODY = `Dear {{ official.greeting_name }},

On behalf of the {{ petition.total_signatures }} people who signed "{{ petition.title }}", {{ organization.name }} delivers their petition to you, below.

We respectfully ask you to act before {{ case.next_date }}.`

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const petitionId = new URL(request.url).searchParams.get('petition') ?? ''
  const [petitions, officials, chosen] = await Promise.all([
    listPetitionsForOrganization({ organizationId, limit: 500 }),
    listOfficials({ organizationId, limit: 1000 }),
    petitionId ? getPetitionForOrganization({ organizationId, petitionId }) : null,
  ])
  if (petitionId && !chosen)
    throw new Response('There is no such petition in your organization.', { status: 404 })
  return {
    petitions: petitions
      .filter((p) => p.status !== 'draft')
      .map((p) => ({ id: p.id, title: p.title, personName: p.personName, timeZone: p.timeZone })),
    officials: officials.map((o) => ({ id: o.id, name: o.name, title: o.title, email: o.email })),
    petitionId: chosen?.id ?? '',
    defaultTargets: chosen?.targets.map((t) => t.id) ?? [],
    draftTitle: chosen?.status === 'draft' ? chosen.title : null,
  }
}

type Values = Record<string, string | string[]>

function fail(errors: Errors, values: Values) {
  return data(
    { errors, values, preview: null as OutreachPreview | null, notice: null as string | null },
    { status: 400 },
  )
}

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const { organizationId } = organizer
  const values = formObject(await readForm(request), ['targetIds'])
  const parsed = OutreachFormSchema.safeParse(values)
  if (!parsed.success) return fail(errorsByField(parsed.error), values)
  const input = parsed.data
  const petition = await getPetitionForOrganization({
    organizationId,
    petitionId: input.petitionId,
  })
  if (!petition) return fail({ petitionId: ['Choose one of your petitions.'] }, values)
  let scheduledAt: Date | null = null
  if (input.when === 'later') {
    // Entered as wall-clock time in the case's zone, as the deadline is.
    scheduledAt = zonedLocalToInstant(input.scheduledAt, petition.case.timeZone)
    if (!scheduledAt) return fail({ scheduledAt: ['Enter a date and time.'] }, values)
  }
  const common = {
    organizationId,
    petitionId: petition.id,
    officialIds: input.targetIds,
    subject: input.subject,
    body: input.body,
    attachSignersCsv: input.attachSigners,
    attachPacket: input.attachPacket,
  }
  try {
    if (input.intent === 'preview') {
      const preview = await previewOutreach({ ...common, organizerName: organizer.name })
      return data({ errors: null as Errors | null, values, preview, notice: null as string | null })
    }
    if (input.intent === 'test') {
      const preview = await sendTestOutreach({
        ...common,
        organizerName: organizer.name,
        organizationName: organizer.organizationName,
        to: organizer.email,
      })
      const notice = `A test copy (as ${preview.officialName} would get it) went to ${organizer.email}.`
      return data({ errors: null as Errors | null, values, preview, notice })
    }
    const outreach = await createOutreach({
      ...common,
      createdBy: organizer.userId,
      scheduledAt,
      ifPast: 'refuse',
    })
    return redirect(
      `/dashboard/outreaches/${outreach.id}?done=${outreach.status === 'scheduled' ? 'scheduled' : 'sending'}`,
      303,
    )
  } catch (error) {
    const { errors } = formErrorsFor(error, { petition: 'petitionId', targets: 'targetIds' })
    return fail(errors, values)
  }
}

export default function NewOutreach() {
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    | {
        errors: Errors | null
        values: Values
        preview: OutreachPreview | null
        notice: string | null
      }
    | undefined
  const values: Values = actionData?.values ?? {
    petitionId: loaded.petitionId,
    targetIds: loaded.defaultTargets,
    subject: DEFAULT_SUBJECT,
    body: DEFAULT_BODY,
    when: 'now',
  }
  const errors = actionData?.errors ?? undefined
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '')
  const petition = loaded.petitions.find((p) => p.id === str('petitionId'))
  const chosen = new Set(Array.isArray(values.targetIds) ? values.targetIds : [])
  const preview = actionData?.preview
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/outreaches">Outreach</Link>
      </p>
      <h1>Deliver a petition to officials</h1>
      <Notice message={actionData?.notice} />
      {!petition ? (
        <div className="panel narrow-form">
          {loaded.draftTitle ? (
            <p className="form-alert" role="alert">
              &ldquo;{loaded.draftTitle}&rdquo; is a draft: publish it before delivering it.
            </p>
          ) : null}
          {loaded.petitions.length === 0 ? (
            <p>
              There is no published petition to deliver yet.{' '}
              <Link to="/dashboard/petitions">Petitions</Link>
            </p>
          ) : (
            <Form method="get">
              <Field name="petition" label="Petition" errors={errors}>
                {(p) => (
                  <select {...p} defaultValue="">
                    <option value="">Choose a petition…</option>
                    {loaded.petitions.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.title} ({p.personName})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="submit" className="button button--primary">
                Continue
              </button>
            </Form>
          )}
        </div>
      ) : (
        <div className="panel narrow-form">
          <Form method="post" noValidate>
            <ErrorSummary errors={errors} />
            <input type="hidden" name="petitionId" value={petition.id} />
            <p>
              <strong>Petition:</strong> {petition.title}{' '}
              <Link to="/dashboard/outreaches/new">Change</Link>
            </p>
            {errors?.petitionId ? (
              <p className="field__error">{errors.petitionId.join(' ')}</p>
            ) : null}
            <fieldset className="fieldset" aria-describedby="targets-hint">
              <legend>To</legend>
              <p className="field__hint" id="targets-hint">
                Each official gets a copy of their own. Officials without an email address cannot be
                chosen; add one on their page.
              </p>
              {loaded.officials.length === 0 ? (
                <p className="muted">
                  No officials yet. <Link to="/dashboard/officials/new">Add one</Link>.
                </p>
              ) : null}
              {loaded.officials.map((o) => (
                <label key={o.id} className="check">
                  <input
                    type="checkbox"
                    name="targetIds"
                    value={o.id}
                    defaultChecked={chosen.has(o.id)}
                    disabled={!o.email}
                  />
                  <span>
                    {o.name}
                    {o.title ? ` — ${o.title}` : ''}{' '}
                    <span className="muted small">{o.email ?? 'no email address'}</span>
                  </span>
                </label>
              ))}
              {errors?.targetIds ? (
                <p className="field__error">{errors.targetIds.join(' ')}</p>
              ) : null}
            </fieldset>
            <Field
              name="subject"
              label="Subject"
              errors={errors}
              hint="Merge fields work here too, e.g. {{ case.person_name }}."
            >
              {(p) => <input {...p} defaultValue={str('subject')} />}
            </Field>
            <Field
              name="body"
              label="Letter"
              errors={errors}
              hint="Markdown with merge fields: {{ official.name }}, {{ official.title }}, {{ petition.title }}, {{ petition.total_signatures }}, {{ petition.goal }}, {{ petition.url }}, {{ case.person_name }}, {{ case.next_date }}, {{ case.days_left }}, {{ organization.name }}. The petition (its text, its count when the mail leaves, the case) follows your letter."
            >
              {(p) => <textarea {...p} rows={12} defaultValue={str('body')} />}
            </Field>
            <label className="check">
              <input
                type="checkbox"
                name="attachSigners"
                defaultChecked={str('attachSigners') === 'on'}
              />
              <span>
                Attach the confirmed signers as CSV (names, localities, postal codes, comments and
                dates; never email addresses)
              </span>
            </label>
            <label className="check">
              <input
                type="checkbox"
                name="attachPacket"
                defaultChecked={str('attachPacket') === 'on'}
              />
              <span>
                Attach the delivery packet to print (PDF: the petition and its signers by state; too
                large to attach, it goes as a link that works for 30 days)
              </span>
            </label>
            <fieldset className="fieldset">
              <legend>When</legend>
              <label className="check">
                <input
                  type="radio"
                  name="when"
                  value="now"
                  defaultChecked={str('when') !== 'later'}
                />
                <span>Send now</span>
              </label>
              <label className="check">
                <input
                  type="radio"
                  name="when"
                  value="later"
                  defaultChecked={str('when') === 'later'}
                />
                <span>Send at the time below</span>
              </label>
              <Field
                name="scheduledAt"
                label={`Send at (${petition.timeZone} time, the case's time zone)`}
                errors={errors}
              >
                {(p) => <input {...p} type="datetime-local" defaultValue={str('scheduledAt')} />}
              </Field>
            </fieldset>
            <div className="dash-actions">
              <button type="submit" name="intent" value="preview" className="button">
                Preview
              </button>
              <button type="submit" name="intent" value="test" className="button">
                Send me a test copy
              </button>
              <button type="submit" name="intent" value="send" className="button button--primary">
                Deliver
              </button>
            </div>
          </Form>
        </div>
      )}
      {preview ? (
        <section className="panel" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview: the copy for {preview.officialName}</h2>
          <p>
            <strong>Subject:</strong> {preview.subject}
          </p>
          {preview.attachmentName ? (
            <p>
              <strong>Attached:</strong> {preview.attachmentName} (the confirmed signers, as they
              are when it is sent)
            </p>
          ) : null}
          {preview.packetName ? (
            <p>
              <strong>Delivery packet:</strong> {preview.packetName} (written when it is sent;
              linked instead of attached when too large)
            </p>
          ) : null}
          <iframe
            className="mail-preview"
            title={`Preview of the mail to ${preview.officialName}`}
            sandbox=""
            srcDoc={preview.html}
          />
          <details>
            <summary>Text version</summary>
            <pre className="mail-preview__text">{preview.text}</pre>
          </details>
        </section>
      ) : null}
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
