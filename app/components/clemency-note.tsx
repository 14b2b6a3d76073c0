/** How clemency is decided in a case's jurisdiction, in one or two sentences, with its source. */
export function ClemencyNote({
  clemency,
}: {
  clemency: { text: string; sourceUrl: string; verified: boolean; corrected: boolean }
}) {
  return (
    <p className="clemency">
      {clemency.text}{' '}
      <span className="muted small">
        <a href={clemency.sourceUrl} rel="noopener noreferrer nofollow">
          Source
        </a>
        {clemency.corrected
          ? ' (as the organizers describe it)'
          : clemency.verified
            ? ''
            : ' (not yet checked against it)'}
        .
      </span>
    </p>
  )
}
