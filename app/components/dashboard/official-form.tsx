import { Form } from '@remix-run/react'
import { ErrorSummary, Field, type Errors } from '~/components/ui/field'
import { TimeZoneOptions } from '~/components/ui/time-zone-options'

export function OfficialForm({
  values,
  errors,
  timeZones,
  submitLabel,
}: {
  values: Partial<Record<string, string>>
  errors?: Errors
  timeZones: string[]
  submitLabel: string
}) {
  return (
    <Form method="post" noValidate>
      <ErrorSummary errors={errors} />
      <Field name="name" label="Name" errors={errors}>
        {(p) => <input {...p} defaultValue={values.name} autoComplete="off" />}
      </Field>
      <div className="field-row">
        <Field name="title" label="Title" errors={errors} hint="e.g. Governor">
          {(p) => <input {...p} defaultValue={values.title} />}
        </Field>
        <Field name="office" label="Office" errors={errors}>
          {(p) => <input {...p} defaultValue={values.office} />}
        </Field>
      </div>
      <Field name="jurisdiction" label="Jurisdiction" errors={errors}>
        {(p) => <input {...p} defaultValue={values.jurisdiction} />}
      </Field>
      <div className="field-row">
        <Field name="email" label="Email" errors={errors}>
          {(p) => <input {...p} type="email" defaultValue={values.email} />}
        </Field>
        <Field name="phone" label="Phone" errors={errors}>
          {(p) => <input {...p} type="tel" defaultValue={values.phone} />}
        </Field>
      </div>
      <fieldset className="fieldset">
        <legend>When the office takes calls</legend>
        <div className="field-row">
          <Field
            name="officeHours"
            label="Office hours"
            errors={errors}
            hint={
              <>
                OpenStreetMap opening hours, like <code>Mo-Fr 08:00-17:00; PH off</code> (
                <code>PH off</code>: closed on the state&rsquo;s public holidays).
              </>
            }
          >
            {(p) => (
              <input
                {...p}
                defaultValue={values.officeHours}
                spellCheck={false}
                className="mono"
                placeholder="Mo-Fr 08:00-17:00; PH off"
              />
            )}
          </Field>
          <Field name="timeZone" label="Time zone" errors={errors} hint="The office's own.">
            {(p) => (
              <select {...p} defaultValue={values.timeZone ?? ''}>
                <option value="">—</option>
                {values.timeZone && !timeZones.includes(values.timeZone) ? (
                  <option value={values.timeZone}>{values.timeZone}</option>
                ) : null}
                <TimeZoneOptions zones={timeZones} />
              </select>
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
