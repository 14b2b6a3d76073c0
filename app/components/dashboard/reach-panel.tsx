import { PartnersPanel, type PartnerNumbersRow } from './partner-numbers'

/**
 * Where the signatures came from (decision 035) and how to bring more: the
 * counts per source, the embed's copy-paste snippet and the printable flyer.
 */
export function ReachPanel({
  count,
  sources,
  partners,
  petitionId,
  snippet,
  slug,
  published,
}: {
  count: number
  sources: { source: string; totalSignatures: number }[]
  /** Partner organizations and their numbers (decision 043). */
  partners: PartnerNumbersRow[]
  petitionId: string
  snippet: string
  slug: string
  published: boolean
}) {
  const withSource = sources.reduce((sum, s) => sum + s.totalSignatures, 0)
  return (
    <>
      <PartnersPanel petitionId={petitionId} partners={partners} />
      <section className="panel" aria-labelledby="sources-heading">
        <h2 id="sources-heading">Where signers came from</h2>
        <p className="field__hint">
          Counted signatures by the <code>?source=</code> of the link they signed through. Add one
          to any link you share, e.g. <code>/petitions/{slug}?source=newsletter</code>.
        </p>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col" className="num">
                Signatures
              </th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.source}>
                <td>{s.source}</td>
                <td className="num">{s.totalSignatures.toLocaleString('en-US')}</td>
              </tr>
            ))}
            <tr>
              <td className="muted">No source</td>
              <td className="num">{Math.max(0, count - withSource).toLocaleString('en-US')}</td>
            </tr>
          </tbody>
        </table>
      </section>
      {published ? (
        <section className="panel" aria-labelledby="embed-heading">
          <h2 id="embed-heading">Embed and print</h2>
          <label htmlFor="embed-snippet">
            Paste this into another site’s page: the count and a sign form that works there
          </label>
          <textarea id="embed-snippet" className="snippet" readOnly rows={5} value={snippet} />
          <p>
            <a href={`/petitions/${slug}/flyer.pdf`} download>
              Download a printable flyer with a QR code (PDF)
            </a>
          </p>
        </section>
      ) : null}
    </>
  )
}
