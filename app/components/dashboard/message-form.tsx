import { SpanishFields } from './spanish-fields'
import { Form } from '@remix-run/react'
import { ErrorSummary, Field, type Errors } from '~/components/ui/field'

/** The merge fields of CONTRACT.md, as the form lists them for organizers. */
export const MERGE_FIELDS: { name: string; what: string }[] = [
  { name: 'supporter.first_name', what: 'the signer’s first name' },
  { name: 'supporter.name', what: 'the signer’s full name' },
  { name: 'petition.title', what: 'the petition they signed last (of those chosen)' },
  { name: 'petition.url', what: 'its public page' },
  {
    name: 'petition.call_url',
    what: 'its call page: the offices to call, their hours, your script',
  },
  { name: 'petition.total_signatures', what: 'its count' },
  { name: 'petition.goal', what: 'its goal' },
  { name: 'case.person_name', what: 'the person whose case it is' },
  { name: 'case.status', what: 'the case’s status' },
  { name: 'case.next_date', what: 'the next date (only where the case has one)' },
  { name: 'case.days_left', what: 'whole days to it, in the case’s time zone' },
  { name: 'official.name', what: 'the petition’s first decision maker (where it has one)' },
  { name: 'official.title', what: 'their title' },
  {
    name: 'official.greeting_name',
    what: 'title and name for a greeting, the title once (“Governor Ann Roe”)',
  },
  { name: 'organization.name', what: 'your organization' },
]

export interface PetitionChoice {
  id: string
  title: string
  personName: string
  signatureCount: number
}

/** Subject, body, target petitions and regions: a new message, or a draft being edited. */
export function MessageForm({
  values,
  errors,
  petitions,
  submitLabel,
}: {
  values: Partial<Record<string, string | string[]>>
  errors?: Errors
  petitions: PetitionChoice[]
  submitLabel: string
}) {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '')
  const chosen = new Set(Array.isArray(values.petitionIds) ? values.petitionIds : [])
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="save" />
      <ErrorSummary errors={errors} />
      <Field
        name="subject"
        label="Subject"
        errors={errors}
        hint="Merge fields work here too, e.g. {{ case.days_left }} days left."
      >
        {(p) => <input {...p} defaultValue={str('subject')} maxLength={300} />}
      </Field>
      <Field
        name="body"
        label="Message"
        errors={errors}
        hint={
          <>
            Markdown (**bold**, [links](https://…), lists) with merge fields in double braces, e.g.{' '}
            <code>{'Dear {{ supporter.first_name }},'}</code>. The unsubscribe link is added for
            you.
          </>
        }
      >
        {(p) => <textarea {...p} rows={14} defaultValue={str('body')} className="mono" />}
      </Field>
      <SpanishFields
        values={values}
        errors={errors}
        fields={[
          { name: 'subjectEs', label: 'Subject in Spanish' },
          { name: 'bodyEs', label: 'Message in Spanish', rows: 10 },
        ]}
      />
      <details className="merge-fields">
        <summary>Merge fields you can use</summary>
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Write</th>
              <th scope="col">For</th>
            </tr>
          </thead>
          <tbody>
            {MERGE_FIELDS.map((f) => (
              <tr key={f.name}>
                <td>
                  <code>{`{{ ${f.name} }}`}</code>
                </td>
                <td>{f.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="field__hint">
          A name not in this list, or one a chosen petition has no value for, is refused when you
          save: a signer never gets a blank.
        </p>
      </details>
      <fieldset
        className={`fieldset${errors?.petitionIds ? ' field--error' : ''}`}
        aria-describedby={`petitions-hint${errors?.petitionIds ? ' petitions-error' : ''}`}
      >
        <legend>Send to the signers of</legend>
        <p className="field__hint" id="petitions-hint">
          Confirmed signers who asked to be kept informed; each person once, however many of these
          they signed.
        </p>
        {petitions.length === 0 ? <p className="muted">You have no petitions yet.</p> : null}
        {petitions.map((p) => (
          <label key={p.id} className="check">
            <input
              type="checkbox"
              name="petitionIds"
              value={p.id}
              defaultChecked={chosen.has(p.id)}
            />
            <span>
              {p.title} <span className="muted">— {p.personName}</span>
            </span>
          </label>
        ))}
        {errors?.petitionIds ? (
          <p className="field__error" id="petitions-error">
            {errors.petitionIds.join(' ')}
          </p>
        ) : null}
      </fieldset>
      <fieldset className="fieldset">
        <legend>Only signers in (optional)</legend>
        <div className="field-row">
          <Field
            name="countries"
            label="Countries"
            errors={errors}
            hint="Two-letter codes, separated by commas: US, CA."
          >
            {(p) => <input {...p} defaultValue={str('countries')} autoCapitalize="characters" />}
          </Field>
          <Field
            name="postalPrefixes"
            label="Postal codes starting with"
            errors={errors}
            hint="E.g. 787, 786 for Austin, TX; 75, 76 for Dallas–Fort Worth."
          >
            {(p) => (
              <input {...p} defaultValue={str('postalPrefixes')} autoCapitalize="characters" />
            )}
          </Field>
        </div>
      </fieldset>
      <button type="submit" className="button button--primary">
        {submitLabel}
      </button>
    </Form>
  )
}
