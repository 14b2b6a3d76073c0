/** Signatures by country or postal area: confirmed and all, largest first. */
export function RegionTable({
  rows,
  first,
}: {
  rows: { key: string; label: string; confirmed: number; total: number }[]
  first: string
}) {
  if (rows.length === 0) return <p className="muted">No signatures yet.</p>
  return (
    <table className="table table--compact">
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col" className="num">
            Confirmed
          </th>
          <th scope="col" className="num">
            All
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.label}</td>
            <td className="num">{r.confirmed.toLocaleString('en-US')}</td>
            <td className="num">{r.total.toLocaleString('en-US')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
