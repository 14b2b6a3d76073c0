import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

export type Errors = Partial<Record<string, string[]>>

export interface ControlProps {
  id: string
  name: string
  'aria-invalid'?: true
  'aria-describedby'?: string
}

/**
 * A labelled form control with its hint and its errors beside it, wired for
 * screen readers (aria-invalid, aria-describedby). Works without JavaScript.
 */
export function Field({
  name,
  label,
  errors,
  hint,
  idPrefix = 'f',
  children,
}: {
  name: string
  label: ReactNode
  errors?: Errors
  hint?: ReactNode
  idPrefix?: string
  children: (props: ControlProps) => ReactNode
}) {
  const id = `${idPrefix}-${name}`
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
      {children({
        id,
        name,
        ...(messages ? { 'aria-invalid': true as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {messages ? (
        <p className="field__error" id={`${id}-error`}>
          {messages.join(' ')}
        </p>
      ) : null}
    </div>
  )
}

/**
 * The summary above a form that failed: how many fields to fix, or a
 * form-level message. In the page's language (English in the dashboard).
 */
export function ErrorSummary({ errors }: { errors?: Errors }) {
  const { t } = useTranslation()
  if (!errors) return null
  const fields = Object.keys(errors).filter((k) => k !== 'form')
  const general = errors.form
  if (!fields.length && !general) return null
  return (
    <div className="form-alert" role="alert">
      {general ? general.join(' ') : null}
      {general && fields.length ? ' ' : null}
      {fields.length ? t('form.fix', { count: fields.length }) : null}
    </div>
  )
}

/** A one-line notice after something was done (carried in the URL as ?done=…). */
export function Notice({ message }: { message?: string | null }) {
  if (!message) return null
  return (
    <p className="notice" role="status">
      {message}
    </p>
  )
}
