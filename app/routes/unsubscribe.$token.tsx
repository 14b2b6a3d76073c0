import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { getSupporterByUnsubscribeToken, unsubscribeSupporter } from '~/models/supporter.server'

export const meta: MetaFunction = () => [
  { title: 'Unsubscribe · Vigil' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ params }: LoaderFunctionArgs) {
  const supporter = await getSupporterByUnsubscribeToken(params.token!)
  if (!supporter) throw new Response('This unsubscribe link is not valid.', { status: 404 })
  return { organizationName: supporter.organizationName, unsubscribed: supporter.unsubscribed }
}

/** Both the button below and RFC 8058 one-click (List-Unsubscribe=One-Click) land here. */
export async function action({ params }: ActionFunctionArgs) {
  const supporter = await unsubscribeSupporter(params.token!)
  if (!supporter) throw new Response('This unsubscribe link is not valid.', { status: 404 })
  return { unsubscribed: true }
}

export default function Unsubscribe() {
  const { organizationName, unsubscribed } = useLoaderData<typeof loader>()
  const done = useActionData<typeof action>()?.unsubscribed || unsubscribed
  return (
    <section className="panel narrow">
      {done ? (
        <>
          <h1>You are unsubscribed</h1>
          <p role="status">You will get no more campaign email from {organizationName}.</p>
        </>
      ) : (
        <>
          <h1>Unsubscribe</h1>
          <p>Stop all campaign email from {organizationName}? Your signatures still count.</p>
          <Form method="post">
            <button className="button button--primary" type="submit">
              Unsubscribe
            </button>
          </Form>
        </>
      )}
    </section>
  )
}
