import { Form } from '@remix-run/react'
import { ErrorSummary, Field, type Errors } from '~/components/ui/field'

export function OfficialForm({
  values,
  errors,
  submitLabel,
}: {
  values: Partial<Record<string, string>>
  errors?: Errors
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
      <button type="submit" className="button button--primary">
        {submitLabel}
      </button>
    </Form>
  )
}
