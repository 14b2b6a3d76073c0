import type { ActionFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'

/** The one route: the loader returns a constant, the action returns the form it read. */
export function loader() {
  return { title: 'A petition', count: 1234 }
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  return Object.fromEntries([...form].map(([k, v]) => [k, String(v)]))
}

export default function Petition() {
  const { title, count } = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  return (
    <main>
      <h1>{title}</h1>
      <p>{count} signatures</p>
      {posted ? <p>Thank you, {posted.name}</p> : null}
      <Form method="post">
        <input name="name" />
        <input name="email" />
        <button type="submit">Sign</button>
      </Form>
    </main>
  )
}
