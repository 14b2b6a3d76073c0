import { Field, type Errors } from '~/components/ui/field'

/**
 * The Spanish version of an organizer's text (decision 040): optional, and
 * where left empty, Spanish readers get the English text, marked as English.
 */
export function SpanishFields({
  fields,
  values,
  errors,
}: {
  fields: { name: string; label: string; rows?: number }[]
  values: Record<string, unknown>
  errors?: Errors
}) {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '')
  return (
    <fieldset className="fieldset">
      <legend>In Spanish (optional)</legend>
      <p className="field__hint">
        Signers who read the site in Spanish see these; without them they see the English text.
      </p>
      {fields.map((f) => (
        <Field key={f.name} name={f.name} label={f.label} errors={errors}>
          {(p) =>
            f.rows ? (
              <textarea {...p} lang="es" rows={f.rows} defaultValue={str(f.name)} />
            ) : (
              <input {...p} lang="es" defaultValue={str(f.name)} />
            )
          }
        </Field>
      ))}
    </fieldset>
  )
}
