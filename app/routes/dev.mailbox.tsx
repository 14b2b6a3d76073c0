import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listDevMailbox } from '~/models/dev-mailbox.server'
import { requireDevMailboxAccess } from '~/services/dev-mailbox.server'

export const meta: MetaFunction = () => [
  { title: 'Dev mailbox · Vigil' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const scope = await requireDevMailboxAccess(request, context)
  const messages = await listDevMailbox({ scope, limit: 200 })
  return {
    messages: messages.map((m) => ({
      id: m.id,
      to: m.toAddress,
      subject: m.subject,
      createdAt: m.createdAt,
      receivedLabel: m.createdAt.toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
    })),
  }
}

export default function DevMailbox() {
  const { messages } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>Dev mailbox</h1>
      <p className="muted">
        SMTP_URL is not set, so Vigil keeps its mail here instead of sending it. Newest first.
      </p>
      {messages.length === 0 ? (
        <p className="panel">No mail yet. Sign a petition and the confirmation appears here.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Received</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{m.to}</td>
                <td>
                  <Link to={`/dev/mailbox/${m.id}`}>{m.subject}</Link>
                </td>
                <td>
                  <time dateTime={new Date(m.createdAt).toISOString()}>{m.receivedLabel}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
