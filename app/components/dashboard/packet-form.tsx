import { regionName } from '~/domain/regions'

/**
 * "Print the delivery packet": a plain GET form, so it works without
 * JavaScript; the PDF streams from /dashboard/petitions/:id/packet.pdf.
 */
export function PacketForm({
  petitionId,
  regions,
  jurisdiction,
  carriesLetter,
}: {
  petitionId: string
  /** Regions with confirmed signers (`US-TX` …), for a packet of one state. */
  regions: string[]
  jurisdiction: string | null
  carriesLetter: boolean
}) {
  const sorted = [...regions].sort((a, b) => regionName(a).localeCompare(regionName(b)))
  return (
    <form method="get" action={`/dashboard/petitions/${petitionId}/packet.pdf`} className="stack">
      <div className="field">
        <label htmlFor="packet-region">Signers from</label>
        <select
          id="packet-region"
          name="region"
          defaultValue=""
          aria-describedby="packet-region-hint"
        >
          <option value="">Everywhere, by state</option>
          {sorted.map((r) => (
            <option key={r} value={r}>
              {`${regionName(r)}${r === jurisdiction ? ' (the case’s jurisdiction)' : ''}`}
            </option>
          ))}
        </select>
        <p className="field__hint" id="packet-region-hint">
          One state makes a packet for that state’s officials.
        </p>
      </div>
      {carriesLetter ? (
        <label className="check">
          <input type="checkbox" name="letters" value="on" /> Include the signers’ letters
        </label>
      ) : null}
      <p>
        <button type="submit" className="button">
          Print the delivery packet (PDF)
        </button>
      </p>
    </form>
  )
}
