import type { InputHTMLAttributes } from 'react'
import { Field } from './field'

export type FieldErrors = Partial<Record<string, string[]>>

/** A labelled input with its hint and errors beside it (works without JavaScript). */
export function TextField({
  name,
  label,
  errors,
  hint,
  ...input
}: {
  name: string
  label: string
  errors?: FieldErrors
  hint?: string
} & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field name={name} label={label} errors={errors} hint={hint} idPrefix="field">
      {(control) => <input {...input} {...control} />}
    </Field>
  )
}

/** The form-level message, announced to screen readers. */
export function FormAlert({ message }: { message?: string | null }) {
  if (!message) return null
  return (
    <div className="form-alert" role="alert">
      {message}
    </div>
  )
}
