import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getDevMail } from '~/models/dev-mailbox.server'
import { requireDevMailboxAccess } from '~/services/dev-mailbox.server'

export const meta: MetaFunction = () => [
  { title: 'Message · Dev mailbox · Vigil' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const scope = await requireDevMailboxAccess(request, context)
  const id = Number(params.id)
  const mail = Number.isSafeInteger(id) && id > 0 ? await getDevMail({ id, scope }) : null
  if (!mail) throw new Response('No such message.', { status: 404 })
  return { mail }
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g

/** The text part with its links made clickable. */
function TextBody({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN)
  return (
    <pre className="mail-text">
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  )
}

export default function DevMail() {
  const { mail } = useLoaderData<typeof loader>()
  // Links in the HTML part open in this tab, so the confirmation link works here.
  const html = mail.html.replace(/<head>/i, '<head><base target="_top">')
  return (
    <section>
      <p>
        <Link to="/dev/mailbox">← All mail</Link>
      </p>
      <h1>{mail.subject}</h1>
      <dl className="mail-headers">
        {[['From', mail.fromAddress], ['To', mail.toAddress], ...Object.entries(mail.headers)].map(
          ([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{String(v)}</dd>
            </div>
          ),
        )}
      </dl>
      <h2>HTML</h2>
      <iframe
        title="The message as HTML"
        className="mail-frame"
        sandbox="allow-top-navigation-by-user-activation allow-popups"
        srcDoc={html}
      />
      <h2>Text</h2>
      <TextBody text={mail.text} />
    </section>
  )
}
