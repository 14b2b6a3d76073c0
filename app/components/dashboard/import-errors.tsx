/** One line of an imported CSV that was not imported, and why. */
export interface ImportLineError {
  line: number
  messages: string[]
}

/**
 * The lines of a CSV import that were not imported, by line number, as the
 * officials and suppression imports report them; `total` counts those not
 * listed too.
 */
export function ImportErrors({
  errors,
  total,
  caption,
}: {
  errors: ImportLineError[]
  total: number
  caption: string
}) {
  if (errors.length === 0) return null
  return (
    <>
      <div className="table-wrap">
        <table className="table table--compact">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e) => (
              <tr key={e.line}>
                <td>{e.line}</td>
                <td>{e.messages.join(' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > errors.length ? (
        <p className="muted">
          …and {(total - errors.length).toLocaleString('en-US')} more lines with problems, not
          listed.
        </p>
      ) : null}
    </>
  )
}
