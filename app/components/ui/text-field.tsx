import type { InputHTMLAttributes } from 'react'

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
  const id = `field-${name}`
  const messages = errors?.[name]
  const describedBy = [hint ? `${id}-hint` : null, messages ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ')
  return (
    <div className={`field${messages ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        {...input}
        {...(messages ? { 'aria-invalid': true } : {})}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
      />
      {messages ? (
        <p className="field__error" id={`${id}-error`}>
          {messages.join(' ')}
        </p>
      ) : null}
    </div>
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
