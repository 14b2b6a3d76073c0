import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import {
  data,
  redirect,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { SUPPRESSION_REASON_LABELS } from '~/domain/labels'
import { z } from '~/validation/zod'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { ErrorSummary, Field, Notice, type Errors } from '~/components/ui/field'
import { Pager } from '~/components/ui/pager'
import { SearchForm } from '~/components/ui/search-form'
import {
  addSuppression,
  countSuppressions,
  importSuppressionsCsv,
  listSuppressions,
  removeSuppression,
  SuppressionNotRemovableError,
  type SuppressionImportResult,
} from '~/models/suppression.server'
import { requireOrganizer } from '~/services/auth.server'
import { listPage, pageCount, pageHref } from '~/utils/paging'
import { readForm } from '~/utils/form.server'
import { errorsByField } from '~/validation/dashboard'
import { ImportErrors } from '~/components/dashboard/import-errors'

export const meta: MetaFunction = () => [{ title: 'Suppression list · Vigil' }]

const PER_PAGE = 50

const DONE: Record<string, string> = {
  added: 'The address is suppressed: no campaign will reach it.',
  exists: 'That address was already on the list.',
  removed: 'The address is off the list; later campaigns may reach it again.',
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const url = new URL(request.url)
  const { q, page, limit, offset } = listPage(url, PER_PAGE, 100_000)
  const [rows, total] = await Promise.all([
    listSuppressions({ organizationId, q, limit, offset }),
    countSuppressions({ organizationId, q }),
  ])
  return {
    q,
    page,
    total,
    pages: pageCount(total, PER_PAGE),
    rows: rows.map((r) => ({
      email: r.emailCanonical,
      reason: r.reason,
      detail: r.detail,
      date: r.createdAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    })),
    done: DONE[url.searchParams.get('done') ?? ''] ?? null,
  }
}

type ActionData =
  | { intent: 'add'; errors: Errors; values: { email: string; detail: string } }
  | { intent: 'remove'; errors: Errors }
  | { intent: 'import'; errors?: Errors; result?: SuppressionImportResult }

const AddSchema = z.object({
  email: z
    .string({ error: 'Enter an email address.' })
    .trim()
    .min(1, 'Enter an email address.')
    .max(254, 'That address is too long.')
    .pipe(z.email('Enter a valid email address.')),
  detail: z
    .string()
    .trim()
    .max(500, 'The note must be at most 500 characters.')
    .optional()
    .transform((v) => v || null),
})

/** The most pasted CSV read from the form (a file is streamed, without a limit). */
const MAX_PASTE_BYTES = 1024 * 1024

/**
 * A CSV upload, imported as it streams in: the file part goes straight into
 * the parser and is saved in batches, never held whole in memory.
 */
async function importUpload(request: Request, organizationId: string) {
  let result: SuppressionImportResult | null = null
  const streamFile: UploadHandler = async ({ name, filename, data: body }) => {
    if (name !== 'file' || !filename) return undefined
    result = await importSuppressionsCsv({ organizationId, source: body })
    return filename
  }
  const form = await unstable_parseMultipartFormData(
    request,
    unstable_composeUploadHandlers(
      streamFile,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_PASTE_BYTES }),
    ),
  )
  if (result) return result as SuppressionImportResult
  const pasted = form.get('csv')
  if (typeof pasted === 'string' && pasted.trim())
    return importSuppressionsCsv({ organizationId, source: pasted })
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const type = request.headers.get('content-type') ?? ''
  if (type.startsWith('multipart/form-data')) {
    let result: SuppressionImportResult | null
    try {
      result = await importUpload(request, organizationId)
    } catch (error) {
      if (error instanceof Response) throw error
      return data<ActionData>(
        {
          intent: 'import',
          errors: { file: ['The upload could not be read. Please choose the file again.'] },
        },
        { status: 400 },
      )
    }
    if (!result)
      return data<ActionData>(
        { intent: 'import', errors: { file: ['Choose a CSV file, or paste its contents.'] } },
        { status: 400 },
      )
    return data<ActionData>(
      { intent: 'import', result },
      { status: result.fileError && result.rows === 0 ? 400 : 200 },
    )
  }

  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent === 'import') {
    const pasted = String(form.get('csv') ?? '')
    if (!pasted.trim())
      return data<ActionData>(
        { intent: 'import', errors: { file: ['Choose a CSV file, or paste its contents.'] } },
        { status: 400 },
      )
    const result = await importSuppressionsCsv({ organizationId, source: pasted })
    return data<ActionData>(
      { intent: 'import', result },
      { status: result.fileError && result.rows === 0 ? 400 : 200 },
    )
  }
  if (intent === 'add') {
    const values = {
      email: String(form.get('email') ?? ''),
      detail: String(form.get('detail') ?? ''),
    }
    const parsed = AddSchema.safeParse(values)
    if (!parsed.success)
      return data<ActionData>(
        { intent: 'add', errors: errorsByField(parsed.error), values },
        { status: 400 },
      )
    const added = await addSuppression({ organizationId, ...parsed.data })
    return redirect(`/dashboard/suppressions?done=${added ? 'added' : 'exists'}`, 303)
  }
  if (intent === 'remove') {
    try {
      const removed = await removeSuppression({
        organizationId,
        emailCanonical: String(form.get('email') ?? ''),
      })
      if (!removed)
        throw new Response('That address is not on your suppression list.', { status: 404 })
    } catch (error) {
      if (error instanceof SuppressionNotRemovableError)
        return data<ActionData>(
          { intent: 'remove', errors: { form: [error.message] } },
          { status: 409 },
        )
      throw error
    }
    return redirect('/dashboard/suppressions?done=removed', 303)
  }
  return data<ActionData>(
    { intent: 'remove', errors: { form: ['Choose one of the actions offered.'] } },
    { status: 400 },
  )
}

const n = (value: number) => value.toLocaleString('en-US')

export default function Suppressions() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const addErrors = actionData?.intent === 'add' ? actionData.errors : undefined
  const importErrors = actionData?.intent === 'import' ? actionData.errors : undefined
  const imported = actionData?.intent === 'import' ? actionData.result : undefined
  const pageLink = (p: number) => pageHref({ q: d.q }, p)
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/messages">Campaigns</Link>
      </p>
      <h1>Suppression list</h1>
      <p className="muted">
        No campaign reaches these addresses, whatever they signed. Unsubscribes, hard bounces and
        spam complaints are added as they happen.
      </p>
      <Notice message={d.done} />
      {actionData?.intent === 'remove' ? (
        <p className="form-alert" role="alert">
          {actionData.errors.form?.join(' ')}
        </p>
      ) : null}

      <div className="dash-grid dash-grid--wide-left">
        <div>
          <SearchForm id="suppressions-q" label="Search addresses" placeholder="Address" q={d.q} />
          <p className="muted">
            {n(d.total)} {d.total === 1 ? 'address' : 'addresses'}
          </p>
          {d.rows.length === 0 ? (
            <p className="panel">Nothing here.</p>
          ) : (
            <div className="table-wrap">
              <table className="table table--stack">
                <thead>
                  <tr>
                    <th scope="col">Address</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Detail</th>
                    <th scope="col">Since</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={r.email}>
                      <td data-label="Address">{r.email}</td>
                      <td data-label="Reason">{SUPPRESSION_REASON_LABELS[r.reason]}</td>
                      <td data-label="Detail">{r.detail ?? <span className="muted">—</span>}</td>
                      <td data-label="Since">{r.date}</td>
                      <td>
                        {r.reason === 'manual' ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="email" value={r.email} />
                            <button
                              type="submit"
                              className="button button--small"
                              aria-label={`Remove ${r.email}`}
                            >
                              Remove
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager page={d.page} pages={d.pages} href={pageLink} />
        </div>

        <div>
          <section className="panel" aria-labelledby="add-heading">
            <h2 id="add-heading">Add an address</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="add" />
              <ErrorSummary errors={addErrors} />
              <Field name="email" label="Email" errors={addErrors} idPrefix="add">
                {(p) => (
                  <input
                    {...p}
                    type="email"
                    autoComplete="off"
                    defaultValue={actionData?.intent === 'add' ? actionData.values.email : ''}
                  />
                )}
              </Field>
              <Field name="detail" label="Note (optional)" errors={addErrors} idPrefix="add">
                {(p) => (
                  <input
                    {...p}
                    defaultValue={actionData?.intent === 'add' ? actionData.values.detail : ''}
                  />
                )}
              </Field>
              <button type="submit" className="button button--primary">
                Suppress
              </button>
            </Form>
          </section>

          <section className="panel" aria-labelledby="import-heading">
            <h2 id="import-heading">Import from CSV</h2>
            <p className="field__hint">
              Bounces, complaints or unsubscribes exported from your mail relay or another tool. The
              first line names the columns: <code>email</code>, and optionally <code>reason</code>{' '}
              (bounce, complaint, unsubscribe or manual; manual when empty) and <code>detail</code>.
              Addresses already on the list keep their first reason; importing twice changes
              nothing.
            </p>
            <Form method="post" encType="multipart/form-data" noValidate>
              <input type="hidden" name="intent" value="import" />
              <ErrorSummary errors={importErrors} />
              <Field name="file" label="CSV file" errors={importErrors} idPrefix="import">
                {(p) => <input {...p} type="file" accept=".csv,text/csv" />}
              </Field>
              <Field
                name="csv"
                label="…or paste the CSV"
                hint="Used when no file is chosen."
                idPrefix="import"
              >
                {(p) => <textarea {...p} rows={5} spellCheck={false} className="mono" />}
              </Field>
              <button type="submit" className="button">
                Import
              </button>
            </Form>
            {imported ? <ImportReport result={imported} /> : null}
          </section>
        </div>
      </div>
    </div>
  )
}

function ImportReport({ result }: { result: SuppressionImportResult }) {
  return (
    <div className="import-report" role="status">
      <h3>Import result</h3>
      {result.fileError ? (
        <p className="form-alert" role="alert">
          {result.fileError}
        </p>
      ) : null}
      <p>
        {n(result.rows)} {result.rows === 1 ? 'row' : 'rows'} read: {n(result.added)} added,{' '}
        {n(result.existing)} already on the list, {n(result.invalid)} with problems.
      </p>
      <ImportErrors errors={result.errors} total={result.invalid} caption="Rows not imported" />
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
