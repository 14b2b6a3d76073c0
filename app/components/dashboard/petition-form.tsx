import { Form } from '@remix-run/react'
import { OFFICIAL_ROLE_LABELS } from '~/domain/labels'
import { ErrorSummary, Field, type Errors } from '~/components/ui/field'
import { SpanishFields } from './spanish-fields'
import { LETTER_DIGEST_SCHEDULE_LABELS, SIGNER_UPDATE_MODE_LABELS } from '~/domain/labels'
import { LETTER_DIGEST_SCHEDULES, SIGNER_UPDATE_MODES, type OfficialRole } from '~/domain/states'

export interface TargetChoice {
  id: string
  name: string
  title: string | null
  role: OfficialRole | null
}

/** Title, text, goal, letter and targets; a new petition also picks its case and status. */
export function PetitionForm({
  values,
  errors,
  cases,
  targets,
  submitLabel,
}: {
  values: Partial<Record<string, string | string[]>>
  errors?: Errors
  /** For a new petition: the cases to choose from. */
  cases?: { id: string; personName: string }[]
  /** For an existing one: the officials it may be delivered to. */
  targets?: TargetChoice[]
  submitLabel: string
}) {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '')
  const chosen = new Set(Array.isArray(values.targetIds) ? values.targetIds : [])
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="update" />
      <ErrorSummary errors={errors} />
      {cases ? (
        <Field
          name="caseId"
          label="Case"
          errors={errors}
          hint="The petition's deadline follows the case's next date; it goes to the case's decision makers."
        >
          {(p) => (
            <select {...p} defaultValue={str('caseId')}>
              <option value="">Choose a case…</option>
              {cases.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.personName}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field name="title" label="Title" errors={errors}>
        {(p) => <input {...p} defaultValue={str('title')} />}
      </Field>
      <Field
        name="body"
        label="Text"
        errors={errors}
        hint="Markdown: **bold**, *italic*, [links](https://…), lists."
      >
        {(p) => <textarea {...p} rows={10} defaultValue={str('body')} />}
      </Field>
      <div className="field-row">
        <Field name="goal" label="Goal (signatures)" errors={errors}>
          {(p) => (
            <input {...p} type="number" inputMode="numeric" min={1} defaultValue={str('goal')} />
          )}
        </Field>
        {cases ? (
          <Field name="status" label="Status" errors={errors}>
            {(p) => (
              <select {...p} defaultValue={str('status') || 'draft'}>
                <option value="draft">Draft (not public)</option>
                <option value="open">Open for signatures</option>
              </select>
            )}
          </Field>
        ) : null}
      </div>
      {errors?.anyway ? (
        <div className="field field--error">
          <p className="field__error" id="f-anyway-error">
            {errors.anyway.join(' ')}
          </p>
          <label className="check">
            <input type="checkbox" name="anyway" aria-describedby="f-anyway-error" />
            <span>Publish anyway</span>
          </label>
        </div>
      ) : null}
      <Field
        name="letterDefault"
        label="Letter to the decision makers (optional)"
        errors={errors}
        hint="When given, signers may edit this letter; it is delivered with their signature."
      >
        {(p) => <textarea {...p} rows={5} defaultValue={str('letterDefault')} />}
      </Field>
      <SpanishFields
        values={values}
        errors={errors}
        fields={[
          { name: 'titleEs', label: 'Title in Spanish' },
          { name: 'bodyEs', label: 'Text in Spanish', rows: 8 },
          { name: 'letterDefaultEs', label: 'Letter in Spanish', rows: 5 },
        ]}
      />
      <Field
        name="letterDigest"
        label="Deliver letters"
        errors={errors}
        hint="Each decision maker gets the new letters in one message, never one per signer, and one last message two hours before the deadline."
      >
        {(p) => (
          <select {...p} defaultValue={str('letterDigest') || 'daily'}>
            {LETTER_DIGEST_SCHEDULES.map((s) => (
              <option key={s} value={s}>
                {LETTER_DIGEST_SCHEDULE_LABELS[s]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        name="signerUpdates"
        label="When the case's outcome changes"
        errors={errors}
        hint="A stay, a new date, clemency denied, a commutation or an execution: signers who asked to hear from you get an update written from Vigil's template."
      >
        {(p) => (
          <select {...p} defaultValue={str('signerUpdates') || 'offer'}>
            {SIGNER_UPDATE_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {SIGNER_UPDATE_MODE_LABELS[mode]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {targets ? (
        <fieldset className="fieldset" aria-describedby="targets-hint">
          <legend>Delivered to</legend>
          <p className="field__hint" id="targets-hint">
            None ticked: the case&rsquo;s decision makers.
          </p>
          {targets.length === 0 ? (
            <p className="muted">The case has no decision makers yet.</p>
          ) : null}
          {targets.map((t) => (
            <label key={t.id} className="check">
              <input
                type="checkbox"
                name="targetIds"
                value={t.id}
                defaultChecked={chosen.has(t.id)}
              />
              <span>
                {t.name}
                {t.role ? ` — ${OFFICIAL_ROLE_LABELS[t.role]}` : t.title ? ` — ${t.title}` : ''}
              </span>
            </label>
          ))}
          {errors?.targetIds ? <p className="field__error">{errors.targetIds.join(' ')}</p> : null}
        </fieldset>
      ) : null}
      <button type="submit" className="button button--primary">
        {submitLabel}
      </button>
    </Form>
  )
}
