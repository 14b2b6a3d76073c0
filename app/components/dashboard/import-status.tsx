import { Form, Link, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import type { ImportStatus as Status } from '~/domain/states'
import { ImportErrors, type ImportLineError } from './import-errors'

/** What an import's page shows, as its loader shapes it (importView). */
export interface ImportView {
  id: string
  filename: string | null
  status: Status
  totalRows: number
  validRows: number
  errorCount: number
  errors: ImportLineError[]
  processedRows: number
  createdCount: number
  updatedCount: number
  lastError: string | null
}

const ERRORS_SHOWN = 200

/** An import as its page shows it: at most ERRORS_SHOWN errors by line, counts for the rest. */
export function importView(found: Omit<ImportView, 'errorCount'>): ImportView {
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
  }
}

/** Without JavaScript the page refreshes itself while the import runs (its meta tag). */
export function importRefresh(d: { status: Status } | undefined) {
  return d && (d.status === 'queued' || d.status === 'running')
    ? [{ httpEquiv: 'refresh', content: '2' }]
    : []
}

/**
 * An import's preview (counts, errors by line, the first rows, the button
 * that confirms) and then its progress, for any kind of import.
 */
export function ImportStatusView({
  view: d,
  noun,
  againHref,
  doneHref,
  doneLabel,
  columns,
  rows,
}: {
  view: ImportView
  /** "officials", "cases" */
  noun: string
  againHref: string
  doneHref: string
  doneLabel: string
  columns: { label: string; cell: (row: Record<string, unknown>) => string | null }[]
  rows: Record<string, unknown>[]
}) {
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
  const n = (v: number) => v.toLocaleString('en-US')
  if (d.status !== 'preview')
    return (
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
          {n(d.processedRows)} of {n(d.validRows)} rows ({percent}%): {n(d.createdCount)} added,{' '}
          {n(d.updatedCount)} updated
          {d.errorCount ? `, ${n(d.errorCount)} skipped with errors` : ''}.
        </p>
        {d.lastError && d.status === 'failed' ? (
          <p className="field__error">{d.lastError}</p>
        ) : null}
        {d.status === 'done' ? (
          <p>
            <Link to={doneHref}>{doneLabel}</Link>
          </p>
        ) : (
          <p className="muted small">This page refreshes by itself.</p>
        )}
      </section>
    )
  return (
    <>
      <div className="stat-row">
        <div className="stat">
          <span className="stat__value">{n(d.totalRows)}</span> rows
        </div>
        <div className="stat">
          <span className="stat__value">{n(d.validRows)}</span> ready
        </div>
        <div className={`stat${d.errorCount ? ' stat--warn' : ''}`}>
          <span className="stat__value">{n(d.errorCount)}</span> with errors
        </div>
      </div>
      {d.errorCount > 0 ? (
        <section className="panel" aria-labelledby="errors-heading">
          <h2 id="errors-heading">Rows with errors (not imported)</h2>
          <ImportErrors errors={d.errors} total={d.errorCount} caption="Rows with errors" />
          <p>
            Fix these lines and <Link to={againHref}>check the file again</Link>, or import the rows
            that are ready.
          </p>
        </section>
      ) : null}
      {rows.length > 0 ? (
        <section className="panel" aria-labelledby="rows-heading">
          <h2 id="rows-heading">First rows to import</h2>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  {columns.map((c) => (
                    <th key={c.label} scope="col">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={String(r.line)}>
                    <td>{String(r.line)}</td>
                    {columns.map((c) => (
                      <td key={c.label} className="break">
                        {c.cell(r)}
                      </td>
                    ))}
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
            Import {n(d.validRows)} {noun}
          </button>
        </Form>
      ) : (
        <p>Nothing can be imported from this file.</p>
      )}
    </>
  )
}
