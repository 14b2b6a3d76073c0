export interface ChartPoint {
  at: string
  confirmed: number
  other: number
}

/**
 * Signatures over time as a server-rendered SVG bar chart (no JavaScript):
 * confirmed signatures in the accent colour, pending and held stacked above
 * in a light tint. A table with the same figures follows for screen readers.
 */
export function SignatureChart({
  points,
  label,
  formatTick,
  tickEvery,
}: {
  points: ChartPoint[]
  label: string
  formatTick: (at: string) => string
  tickEvery: number
}) {
  const width = 720
  const height = 220
  const left = 44
  const bottom = 28
  const top = 10
  const plotW = width - left - 8
  const plotH = height - top - bottom
  const max = Math.max(1, ...points.map((p) => p.confirmed + p.other))
  const scale = niceMax(max)
  const band = plotW / Math.max(1, points.length)
  const barW = Math.max(1, band * 0.75)
  const y = (v: number) => top + plotH - (v / scale) * plotH
  const ticks = [0, scale / 2, scale]
  const total = points.reduce((n, p) => n + p.confirmed + p.other, 0)
  return (
    // Focusable: on a phone the chart scrolls sideways, and keyboards must reach it too.
    <figure className="chart" tabIndex={0} aria-label={label}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${label}: ${total.toLocaleString('en-US')} signatures in this period`}
        preserveAspectRatio="none"
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - 8} y1={y(t)} y2={y(t)} className="chart__grid" />
            <text x={left - 6} y={y(t) + 4} textAnchor="end" className="chart__label">
              {Number.isInteger(t) ? t.toLocaleString('en-US') : ''}
            </text>
          </g>
        ))}
        {points.map((p, i) => {
          const x = left + i * band + (band - barW) / 2
          return (
            <g key={p.at}>
              <title>{`${formatTick(p.at)}: ${p.confirmed} confirmed, ${p.other} pending or held`}</title>
              {p.confirmed > 0 ? (
                <rect
                  x={x}
                  y={y(p.confirmed)}
                  width={barW}
                  height={y(0) - y(p.confirmed)}
                  className="chart__bar"
                />
              ) : null}
              {p.other > 0 ? (
                <rect
                  x={x}
                  y={y(p.confirmed + p.other)}
                  width={barW}
                  height={y(p.confirmed) - y(p.confirmed + p.other)}
                  className="chart__bar chart__bar--other"
                />
              ) : null}
              {i % tickEvery === 0 ? (
                <text x={x + barW / 2} y={height - 8} textAnchor="middle" className="chart__label">
                  {formatTick(p.at)}
                </text>
              ) : null}
            </g>
          )
        })}
      </svg>
      <figcaption className="chart__legend">
        <span className="chart__key chart__key--confirmed" /> Confirmed
        <span className="chart__key chart__key--other" /> Pending or held
      </figcaption>
    </figure>
  )
}

/** A round ceiling for the axis: 1, 2, 5 × 10ⁿ. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power
  return 10 * power
}
