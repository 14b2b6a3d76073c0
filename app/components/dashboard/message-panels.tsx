import { Link } from '@remix-run/react'
import type { Errors } from '~/components/ui/field'

/** A message as a signer would get it, or why it does not render. */
export function MessagePreview({
  preview,
  errors,
}: {
  preview: {
    supporterName: string
    petitionTitle: string
    subject: string
    html: string
    text: string
  } | null
  errors: Errors | null | undefined
}) {
  return (
    <section className="panel" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      {errors ? (
        <div className="form-alert" role="alert">
          <p>This message does not render; nobody can be sent it until it is fixed.</p>
          <ul>
            {errors.subject ? <li>Subject: {errors.subject.join(' ')}</li> : null}
            {errors.body ? <li>Message: {errors.body.join(' ')}</li> : null}
          </ul>
        </div>
      ) : null}
      {preview ? (
        <>
          <p className="muted">
            As <strong>{preview.supporterName}</strong> would get it ({preview.petitionTitle}).
          </p>
          <p>
            <strong>Subject:</strong> {preview.subject}
          </p>
          <iframe
            title="The message as HTML mail"
            className="mail-preview"
            sandbox=""
            srcDoc={preview.html}
          />
          <details>
            <summary>Text part</summary>
            <pre className="mono mail-text">{preview.text}</pre>
          </details>
        </>
      ) : null}
    </section>
  )
}

/** Who a message goes to: its petitions' confirmed, subscribed signers, in its regions. */
export function MessageAudience({
  targets,
  audience,
}: {
  targets: { id: string; title: string; personName: string }[]
  audience: { countries: string[]; postalPrefixes: string[] }
}) {
  const limited = audience.countries.length > 0 || audience.postalPrefixes.length > 0
  return (
    <section className="panel" aria-labelledby="audience-heading">
      <h2 id="audience-heading">Audience</h2>
      <p>Confirmed, subscribed signers of:</p>
      <ul className="link-list">
        {targets.map((t) => (
          <li key={t.id}>
            <Link to={`/dashboard/petitions/${t.id}`}>{t.title}</Link>
            <span className="muted"> — {t.personName}</span>
          </li>
        ))}
      </ul>
      {limited ? (
        <p>
          Only in
          {audience.countries.length ? ` ${audience.countries.join(', ')}` : ''}
          {audience.countries.length && audience.postalPrefixes.length ? ',' : ''}
          {audience.postalPrefixes.length
            ? ` postal codes starting ${audience.postalPrefixes.join(', ')}`
            : ''}
          .
        </p>
      ) : (
        <p className="muted">In every region.</p>
      )}
      <p className="field__hint">
        Never: the unsubscribed and the addresses on your{' '}
        <Link to="/dashboard/suppressions">suppression list</Link>.
      </p>
    </section>
  )
}
