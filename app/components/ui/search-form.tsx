import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'

/**
 * A list's search box, as a plain GET form (no JavaScript needed): the
 * search field, then any filters given as children, then the button.
 */
export function SearchForm({
  id,
  label,
  placeholder,
  q,
  children,
}: {
  id: string
  label: string
  placeholder: string
  q: string
  children?: ReactNode
}) {
  return (
    <Form method="get" className="search" role="search">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} name="q" defaultValue={q} placeholder={placeholder} />
      {children}
      <button className="button" type="submit">
        Search
      </button>
    </Form>
  )
}
