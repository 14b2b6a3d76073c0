import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorSummary, Field, type Errors } from '~/components/ui/field'

/** A CSV import's first step: choose a file or paste it (works without JavaScript). */
export function ImportUpload({ errors, children }: { errors?: Errors; children: ReactNode }) {
  return (
    <div className="panel narrow-form">
      {children}
      <Form method="post" encType="multipart/form-data" noValidate>
        <ErrorSummary errors={errors} />
        <Field name="file" label="CSV file" errors={errors}>
          {(p) => <input {...p} type="file" accept=".csv,text/csv" />}
        </Field>
        <Field
          name="csv"
          label="…or paste the CSV"
          errors={errors}
          hint="Used when no file is chosen."
        >
          {(p) => <textarea {...p} rows={6} spellCheck={false} className="mono" />}
        </Field>
        <button type="submit" className="button button--primary">
          Check the file
        </button>
      </Form>
    </div>
  )
}
