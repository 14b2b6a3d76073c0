import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import {
  getOfficialImport,
  ImportNotInPreviewError,
  previewImportRows,
} from '~/models/official-import.server'
import { requireOrganizer } from '~/services/auth.server'
import { notFoundInOrganization } from '~/services/form-errors.server'
import { startOfficialImport } from '~/services/officials.server'
import { ImportErrors } from '~/components/dashboard/import-errors'

const ERRORS_SHOWN = 200

export const meta: MetaFunction<typeof loader> = ({ data: d }) => {
  const tags: ReturnType<MetaFunction> = [{ title: 'Officials import · Vigil' }]
  // Without JavaScript, the page refreshes itself while the import runs.
  if (d && (d.status === 'queued' || d.status === 'running'))
    tags.push({ httpEquiv: 'refresh', content: '2' })
  return tags
}

const notFound: () => never = () => notFoundInOrganization('import')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const found = await getOfficialImport({ organizationId, importId: params.id! })
  if (!found) notFound()
  const rows =
    found.status === 'preview'
      ? await previewImportRows({ organizationId, importId: found.id })
      : []
  return {
    id: found.id,
    filename: found.filename,
    status: found.status,
    totalRows: found.totalRows,
    validRows: found.validRows,
    errorCount: found.errors.length,
    errors: found.errors.slice(0, ERRORS_SHOWN),
    processedRows: found.processedRows,
    createdCount: found.createdCount,
    updatedCount: found.updatedCount,
    lastError: found.lastError,
    rows,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  try {
    const confirmed = await startOfficialImport({ organizationId, importId: params.id! })
    if (!confirmed) notFound()
  } catch (error) {
    // Confirmed twice (a double click, a reload): the progress page is the answer.
    if (!(error instanceof ImportNotInPreviewError)) throw error
  }
  return redirect(`/dashboard/officials/import/${params.id}`, 303)
}

export default function ImportPreview() {
  const d = useLoaderData<typeof loader>()
  const running = d.status === 'queued' || d.status === 'running'
  const revalidator = useRevalidator()
  // With JavaScript, refresh the figures in place (a client-side navigation
  // does not act on the meta refresh the page carries for everyone else).
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, 2000)
    return () => clearInterval(timer)
  }, [running, revalidator])
  const percent = d.validRows ? Math.round((d.processedRows / d.validRows) * 100) : 100
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/officials">Officials</Link> ·{' '}
        <Link to="/dashboard/officials/import">Import</Link>
      </p>
      <h1>{d.status === 'preview' ? 'Check the import' : 'Importing officials'}</h1>
      {d.filename ? <p className="muted">{d.filename}</p> : null}

      {d.status === 'preview' ? (
        <>
          <div className="stat-row">
            <div className="stat">
              <span className="stat__value">{d.totalRows.toLocaleString('en-US')}</span> rows
            </div>
            <div className="stat">
              <span className="stat__value">{d.validRows.toLocaleString('en-US')}</span> ready
            </div>
            <div className={`stat${d.errorCount ? ' stat--warn' : ''}`}>
              <span className="stat__value">{d.errorCount.toLocaleString('en-US')}</span> with
              errors
            </div>
          </div>
          {d.errorCount > 0 ? (
            <section className="panel" aria-labelledby="errors-heading">
              <h2 id="errors-heading">Rows with errors (not imported)</h2>
              <ImportErrors errors={d.errors} total={d.errorCount} caption="Rows with errors" />
              <p>
                Fix these lines and{' '}
                <Link to="/dashboard/officials/import">check the file again</Link>, or import the
                rows that are ready.
              </p>
            </section>
          ) : null}
          {d.rows.length > 0 ? (
            <section className="panel" aria-labelledby="rows-heading">
              <h2 id="rows-heading">First rows to import</h2>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Name</th>
                      <th scope="col">Title</th>
                      <th scope="col">Office</th>
                      <th scope="col">Email</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.rows.map((r) => (
                      <tr key={r.line}>
                        <td>{r.line}</td>
                        <td>{r.name}</td>
                        <td>{r.title}</td>
                        <td>{r.office}</td>
                        <td className="break">{r.email}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
          {d.validRows > 0 ? (
            <Form method="post">
              <button type="submit" className="button button--primary">
                Import {d.validRows.toLocaleString('en-US')} officials
              </button>
            </Form>
          ) : (
            <p>Nothing can be imported from this file.</p>
          )}
        </>
      ) : (
        <section className="panel" aria-live="polite">
          <p>
            {d.status === 'done'
              ? 'Import finished.'
              : d.status === 'failed'
                ? 'The import stopped with an error. It is retried automatically a few times and resumes where it stopped.'
                : d.status === 'queued'
                  ? 'Waiting to start…'
                  : 'Importing…'}
          </p>
          <div
            className="goal__bar"
            role="progressbar"
            aria-label="Rows imported"
            aria-valuemin={0}
            aria-valuemax={d.validRows}
            aria-valuenow={d.processedRows}
          >
            <span style={{ width: `${percent}%` }} />
          </div>
          <p>
            {d.processedRows.toLocaleString('en-US')} of {d.validRows.toLocaleString('en-US')} rows
            ({percent}%): {d.createdCount.toLocaleString('en-US')} added,{' '}
            {d.updatedCount.toLocaleString('en-US')} updated
            {d.errorCount ? `, ${d.errorCount.toLocaleString('en-US')} skipped with errors` : ''}.
          </p>
          {d.lastError && d.status === 'failed' ? (
            <p className="field__error">{d.lastError}</p>
          ) : null}
          {d.status === 'done' ? (
            <p>
              <Link to="/dashboard/officials">See the officials</Link>
            </p>
          ) : (
            <p className="muted small">This page refreshes by itself.</p>
          )}
        </section>
      )}
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
