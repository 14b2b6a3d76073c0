import { regionName } from '~/domain/regions'

/**
 * Signers by state: the map (outlines drawn on the server,
 * services/signer-map.server.ts) coloured by confirmed signers, and beside
 * it the table that says the same in words, the accessible source. No
 * script: the map is plain SVG, each state titled with its figures.
 */

export interface MapState {
  code: string
  name: string
  d: string
}

export interface MapRow {
  region: string
  confirmed: number
  total: number
}

/** Five steps from pale to the accent: none, then quantiles of the maximum. */
const STEPS = ['#f1ede6', '#f3d3cc', '#e0958a', '#b8493d', '#7a1616'] as const

function stepFor(n: number, max: number): number {
  if (n <= 0 || max <= 0) return 0
  // Square-root steps: a few large states would otherwise wash out the rest.
  return Math.min(4, 1 + Math.floor(Math.sqrt(n / max) * 3.999))
}

const number = (n: number) => n.toLocaleString('en-US')

export function SignerMap({
  viewBox,
  states,
  rows,
  jurisdiction,
}: {
  viewBox: string
  states: MapState[]
  rows: MapRow[]
  /** The case's region (`US-TX`), outlined on the map and marked in the table. */
  jurisdiction: string | null
}) {
  const byCode = new Map(rows.map((r) => [r.region, r]))
  const max = Math.max(0, ...rows.map((r) => r.confirmed))
  const withSigners = rows.filter((r) => r.total > 0)
  const home = jurisdiction ? states.find((s) => s.code === jurisdiction) : undefined
  // Each colour's first count; a colour no count can have (a small maximum) is left out.
  const steps = [1, 2, 3, 4]
    .map((k) => ({ k, from: Math.max(1, Math.ceil(max * ((k - 1) / 3.999) ** 2)) }))
    .filter(({ k, from }) => from <= max && stepFor(from, max) === k)
  return (
    <div className="signer-map">
      <figure className="signer-map__figure">
        <svg
          viewBox={viewBox}
          role="img"
          aria-labelledby="signer-map-title signer-map-desc"
          className="signer-map__svg"
        >
          <title id="signer-map-title">Confirmed signers by state</title>
          <desc id="signer-map-desc">
            {withSigners.length === 0
              ? 'No signer in a US state yet.'
              : `Signers in ${withSigners.length} states; darker is more. The table beside the map lists each state.`}
          </desc>
          {states.map((s) => {
            const row = byCode.get(s.code)
            const confirmed = row?.confirmed ?? 0
            return (
              <path key={s.code} d={s.d} fill={STEPS[stepFor(confirmed, max)]}>
                <title>{`${s.name}: ${number(confirmed)} confirmed`}</title>
              </path>
            )
          })}
          {home ? <path d={home.d} className="signer-map__home" aria-hidden="true" /> : null}
        </svg>
        <figcaption className="signer-map__legend">
          <span className="visually-hidden">Legend: </span>
          <span>
            <i style={{ background: STEPS[0] }} /> none
          </span>
          {steps.map(({ k, from }) => (
            <span key={k}>
              <i style={{ background: STEPS[k] }} /> {`${number(from)}+`}
            </span>
          ))}
          {home ? (
            <span>
              <i className="signer-map__home-key" /> the case’s jurisdiction
            </span>
          ) : null}
        </figcaption>
      </figure>
      {withSigners.length === 0 ? (
        <p className="muted">No signer in a US state yet.</p>
      ) : (
        <table className="table table--compact signer-map__table">
          <caption className="visually-hidden">Signers by state, most first</caption>
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col" className="num">
                Confirmed
              </th>
              <th scope="col" className="num">
                All
              </th>
            </tr>
          </thead>
          <tbody>
            {withSigners.map((r) => (
              <tr key={r.region} className={r.region === jurisdiction ? 'is-home' : undefined}>
                <th scope="row">
                  {regionName(r.region)}
                  {r.region === jurisdiction ? (
                    <span className="muted"> (jurisdiction)</span>
                  ) : null}
                </th>
                <td className="num">{number(r.confirmed)}</td>
                <td className="num">{number(r.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
