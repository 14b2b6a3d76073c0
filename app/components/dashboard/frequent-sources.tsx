import { Form } from '@remix-run/react'

export interface SourceRow {
  value: string
  total: number
  held: number
  listed: 'block' | 'allow' | null
}

/**
 * The addresses and email domains signing a petition unusually often in
 * the last hour, each with one-click hold (its pending and confirmed
 * signatures of the last 24 hours leave the count) and release (its held
 * ones are sent their confirmation). Works without JavaScript.
 */
export function FrequentSources({
  addresses,
  domains,
  thresholds,
}: {
  addresses: SourceRow[]
  domains: SourceRow[]
  thresholds: { perIp: number; perDomain: number }
}) {
  return (
    <section className="panel" aria-labelledby="frequent-heading">
      <h2 id="frequent-heading">Signing unusually often</h2>
      <p className="field__hint">
        In the last hour: addresses with {thresholds.perIp} or more signatures, email domains with{' '}
        {thresholds.perDomain} or more (large public providers left out). Hold takes their
        signatures of the last 24 hours out of the count; release sends the held ones their
        confirmation. <a href="/dashboard/abuse">Block and allow lists</a>
      </p>
      {addresses.length === 0 && domains.length === 0 ? (
        <p className="muted">Nothing unusual.</p>
      ) : (
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Address or domain</th>
              <th scope="col" className="num">
                Last hour
              </th>
              <th scope="col" className="num">
                Held
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {[...addresses, ...domains].map((s) => (
              <tr key={s.value}>
                <td className="mono">
                  {s.value}
                  {s.listed ? <span className="muted small"> · {s.listed} list</span> : null}
                </td>
                <td className="num">{s.total.toLocaleString('en-US')}</td>
                <td className="num">{s.held.toLocaleString('en-US')}</td>
                <td className="dash-actions">
                  {s.held < s.total ? <SourceButton intent="hold-source" source={s.value} /> : null}
                  {s.held > 0 ? <SourceButton intent="release-source" source={s.value} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function SourceButton({ intent, source }: { intent: string; source: string }) {
  const label = intent === 'hold-source' ? 'Hold' : 'Release'
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="source" value={source} />
      <button className="button button--small" type="submit" aria-label={`${label} ${source}`}>
        {label}
      </button>
    </Form>
  )
}
