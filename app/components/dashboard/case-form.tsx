import { Form, Link } from '@remix-run/react'
import { CASE_STATUS_LABELS, NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { CASE_STATUSES, NEXT_DATE_KINDS } from '~/domain/states'
import { ErrorSummary, Field, type Errors } from '~/components/ui/field'
import { TimeZoneOptions } from '~/components/ui/time-zone-options'

export type CaseFormValues = Partial<Record<string, string>>

/** The case form, for a new case and for editing one. */
export function CaseForm({
  values,
  errors,
  timeZones,
  submitLabel,
  withChangeNote,
  photoHref,
}: {
  values: CaseFormValues
  errors?: Errors
  timeZones: string[]
  submitLabel: string
  /** Editing: a status or date change may carry a note and a source for the timeline. */
  withChangeNote?: boolean
  /** Editing: where the person's photo is added or changed. */
  photoHref?: string
}) {
  return (
    <Form method="post" noValidate className="case-form">
      <input type="hidden" name="intent" value="update" />
      <ErrorSummary errors={errors} />
      <Field name="personName" label="Person's name" errors={errors}>
        {(p) => <input {...p} defaultValue={values.personName} autoComplete="off" />}
      </Field>
      {photoHref ? (
        <p>
          <Link to={photoHref}>Add or change the person’s photo</Link>
        </p>
      ) : null}
      <div className="field-row">
        <Field name="caseNumber" label="Case number" errors={errors}>
          {(p) => <input {...p} defaultValue={values.caseNumber} />}
        </Field>
        <Field name="jurisdiction" label="Jurisdiction" errors={errors} hint="e.g. Texas, Federal">
          {(p) => <input {...p} defaultValue={values.jurisdiction} />}
        </Field>
      </div>
      <Field name="court" label="Court" errors={errors}>
        {(p) => <input {...p} defaultValue={values.court} />}
      </Field>
      <Field name="status" label="Status" errors={errors}>
        {(p) => (
          <select {...p} defaultValue={values.status ?? 'pending'}>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {CASE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="fieldset">
        <legend>Next date</legend>
        <div className="field-row field-row--3">
          <Field
            name="nextDate"
            label="Date and time"
            errors={errors}
            hint="In the case's time zone."
          >
            {(p) => <input {...p} type="datetime-local" defaultValue={values.nextDate} />}
          </Field>
          <Field name="nextDateKind" label="What happens" errors={errors}>
            {(p) => (
              <select {...p} defaultValue={values.nextDateKind ?? ''}>
                <option value="">—</option>
                {NEXT_DATE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {NEXT_DATE_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="timeZone" label="Time zone" errors={errors}>
            {(p) => (
              <select {...p} defaultValue={values.timeZone ?? 'America/New_York'}>
                {values.timeZone && !timeZones.includes(values.timeZone) ? (
                  <option value={values.timeZone}>{values.timeZone}</option>
                ) : null}
                <TimeZoneOptions zones={timeZones} />
              </select>
            )}
          </Field>
        </div>
      </fieldset>
      <Field
        name="summary"
        label="Summary"
        errors={errors}
        hint="Markdown: **bold**, *italic*, [links](https://…), lists."
      >
        {(p) => <textarea {...p} rows={8} defaultValue={values.summary} />}
      </Field>
      <Field name="sources" label="Source links" errors={errors} hint="One web address per line.">
        {(p) => <textarea {...p} rows={3} defaultValue={values.sources} />}
      </Field>
      {withChangeNote ? (
        <fieldset className="fieldset">
          <legend>If the status or date changes</legend>
          <p className="field__hint">Shown with the change on the case&rsquo;s timeline.</p>
          <Field name="note" label="Note (optional)" errors={errors}>
            {(p) => <textarea {...p} rows={2} defaultValue={values.note} />}
          </Field>
          <Field name="sourceUrl" label="Source link (optional)" errors={errors}>
            {(p) => <input {...p} type="url" defaultValue={values.sourceUrl} />}
          </Field>
        </fieldset>
      ) : null}
      <button type="submit" className="button button--primary">
        {submitLabel}
      </button>
    </Form>
  )
}

export function timeZoneList(): string[] {
  return Intl.supportedValuesOf('timeZone')
}
