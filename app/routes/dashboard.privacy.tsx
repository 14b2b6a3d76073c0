import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { supporterExportResource } from '~/api/privacy.server'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { ErrorSummary, Field, Notice, type Errors } from '~/components/ui/field'
import { DEFAULT_PRIVACY_NOTICE, PRIVACY_NOTICE_MAX } from '~/domain/privacy'
import { requireOrganizer } from '~/services/auth.server'
import { formErrorsFor } from '~/services/form-errors.server'
import {
  eraseSupporter,
  exportSupporter,
  privacyNoticeOf,
  updatePrivacyNotice,
  type SupporterErasure,
} from '~/services/privacy.server'
import { readForm } from '~/utils/form.server'
import { errorsByField } from '~/validation/dashboard'
import { PrivacyNoticeSchema, SupporterRequestSchema } from '~/validation/privacy'

export const meta: MetaFunction = () => [{ title: 'Privacy · Vigil' }]

/**
 * Admins only (decision 037): one person's data exported (shown as JSON, to download)
 * or erased, and the privacy notice shown beside the organization's sign
 * forms. The same service as the API and `vigil supporter:…`.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request, { may: 'managePrivacy' })
  const done = new URL(request.url).searchParams.get('done')
  return {
    notice: (await privacyNoticeOf(organizer.organizationId)) ?? '',
    done: done === 'notice' ? 'The privacy notice is saved.' : null,
  }
}

type ActionData =
  | { intent: 'export' | 'erase'; errors: Errors; email: string }
  | { intent: 'erased'; result: Omit<SupporterErasure, 'erasedAt'> }
  | { intent: 'exported'; email: string; json: string }
  | { intent: 'notice'; errors: Errors; notice: string }

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request, { may: 'managePrivacy' })
  const form = await readForm(request)
  const intent = form.get('intent')
  const base = { organizationId: organizer.organizationId, actorId: organizer.userId }

  if (intent === 'notice') {
    const notice = String(form.get('privacy_notice') ?? '')
    const parsed = PrivacyNoticeSchema.safeParse({ privacy_notice: notice })
    if (!parsed.success)
      return data<ActionData>(
        { intent, errors: errorsByField(parsed.error), notice },
        { status: 400 },
      )
    try {
      await updatePrivacyNotice({ ...base, notice: parsed.data.privacy_notice })
    } catch (error) {
      const answer = formErrorsFor(error, { privacy_notice: 'privacy_notice' })
      return data<ActionData>({ intent, errors: answer.errors, notice }, { status: answer.status })
    }
    return redirect('/dashboard/privacy?done=notice', 303)
  }

  if (intent === 'export' || intent === 'erase') {
    const email = String(form.get('email') ?? '')
    const parsed = SupporterRequestSchema.safeParse({ email })
    const errors: Errors = parsed.success ? {} : errorsByField(parsed.error)
    if (intent === 'erase' && form.get('confirm') !== 'on')
      errors.confirm = ['Tick the box to confirm: an erasure cannot be undone.']
    if (!parsed.success || Object.keys(errors).length > 0)
      return data<ActionData>({ intent, errors, email }, { status: 400 })
    const asked = { ...base, email: parsed.data.email }
    if (intent === 'export') {
      // Shown on the page with a download link: a UI route's answer is its page.
      const body = supporterExportResource(await exportSupporter(asked))
      return data<ActionData>({
        intent: 'exported',
        email: asked.email,
        json: JSON.stringify(body, null, 2),
      })
    }
    const { erasedAt: _at, ...result } = await eraseSupporter(asked)
    return data<ActionData>({ intent: 'erased', result })
  }
  return data<ActionData>(
    { intent: 'notice', errors: { form: ['Choose one of the actions offered.'] }, notice: '' },
    { status: 400 },
  )
}

const ERASED_LABELS: [
  keyof Omit<SupporterErasure, 'email' | 'organizationId' | 'erasedAt'>,
  string,
][] = [
  ['signatures', 'signatures deleted'],
  ['countedSignatures', 'of them counted (they leave the counts)'],
  ['supporters', 'supporter records deleted'],
  ['campaignMail', 'campaign mail records deleted'],
  ['otherMail', 'other mail records deleted'],
  ['calls', 'logged calls kept without the email and address'],
  ['webhookEvents', 'webhook events deleted'],
  ['suppressionsKept', 'suppression entries kept (no mail will reach the address)'],
]

export default function Privacy() {
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>() as ActionData | undefined
  const exportErrors = a?.intent === 'export' ? a.errors : undefined
  const eraseErrors = a?.intent === 'erase' ? a.errors : undefined
  const noticeErrors = a?.intent === 'notice' ? a.errors : undefined
  return (
    <div className="dash">
      <h1>Privacy</h1>
      <p className="muted">
        What your organization holds about one person, for them to see or to have erased. Vigil also
        forgets on its own: signatures never confirmed are deleted after a few weeks, and some
        months after a petition closes its signers&rsquo; names, emails and addresses are removed
        (the counts stay).
      </p>
      <Notice message={d.done} />
      {a?.intent === 'erased' ? (
        <div className="panel" role="status">
          <h2>Erased: {a.result.email}</h2>
          <ul>
            {ERASED_LABELS.map(([key, label]) => (
              <li key={key}>
                {a.result[key]} {label}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {a?.intent === 'exported' ? (
        <section className="panel" role="status" aria-labelledby="exported-heading">
          <h2 id="exported-heading">Everything held about {a.email}</h2>
          <p>
            <a
              className="button"
              download={`vigil-supporter-${new Date().toISOString().slice(0, 10)}.json`}
              href={`data:application/json;charset=utf-8,${encodeURIComponent(a.json)}`}
            >
              Download JSON
            </a>
          </p>
          <pre id="export-json" className="mono">
            {a.json}
          </pre>
        </section>
      ) : null}

      <div className="dash-grid">
        <section className="panel" aria-labelledby="export-heading">
          <h2 id="export-heading">Export one person&rsquo;s data</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="export" />
            <ErrorSummary errors={exportErrors} />
            <Field name="email" label="Email address" errors={exportErrors} idPrefix="export">
              {(p) => (
                <input
                  {...p}
                  type="email"
                  autoComplete="off"
                  defaultValue={a?.intent === 'export' ? a.email : ''}
                />
              )}
            </Field>
            <button type="submit" className="button">
              Show and download
            </button>
          </Form>
        </section>

        <section className="panel" aria-labelledby="erase-heading">
          <h2 id="erase-heading">Erase one person&rsquo;s data</h2>
          <p className="field__hint">
            Deletes their signatures (which leave the counts), their supporter record, the mail sent
            to them and their webhook events in this organization. Cannot be undone.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="erase" />
            <ErrorSummary errors={eraseErrors} />
            <Field name="email" label="Email address" errors={eraseErrors} idPrefix="erase">
              {(p) => (
                <input
                  {...p}
                  type="email"
                  autoComplete="off"
                  defaultValue={a?.intent === 'erase' ? a.email : ''}
                />
              )}
            </Field>
            <Field
              name="confirm"
              label="I understand that this cannot be undone"
              errors={eraseErrors}
              idPrefix="erase"
            >
              {(p) => <input {...p} type="checkbox" />}
            </Field>
            <button type="submit" className="button button--danger">
              Erase
            </button>
          </Form>
        </section>
      </div>

      <section className="panel" aria-labelledby="notice-heading">
        <h2 id="notice-heading">Privacy notice</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="notice" />
          <ErrorSummary errors={noticeErrors} />
          <Field
            name="privacy_notice"
            label="Shown beside your sign forms (Markdown)"
            hint={`Leave it empty for Vigil's default, below. {organization} stands for your organization's name. At most ${PRIVACY_NOTICE_MAX} characters.`}
            errors={noticeErrors}
            idPrefix="notice"
          >
            {(p) => (
              <textarea
                {...p}
                rows={8}
                defaultValue={a?.intent === 'notice' ? a.notice : d.notice}
              />
            )}
          </Field>
          <button type="submit" className="button button--primary">
            Save the notice
          </button>
        </Form>
        <details>
          <summary>Vigil&rsquo;s default notice</summary>
          <p className="muted">{DEFAULT_PRIVACY_NOTICE}</p>
        </details>
      </section>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
