import { templateTitle } from '~/domain/template-title'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { MESSAGE_STATUS_LABELS } from '~/domain/labels'
import { Pager } from '~/components/ui/pager'
import { countMessagesForOrganization, listMessagesForOrganization } from '~/models/message.server'
import { requireOrganizer } from '~/services/auth.server'
import { listPage, pageCount } from '~/utils/paging'
import { formatShortDateTime } from '~/utils/zoned-time'

export const meta: MetaFunction = () => [{ title: 'Campaigns · Vigil' }]

const PER_PAGE = 25

export async function loader({ request }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const { page, limit, offset } = listPage(new URL(request.url), PER_PAGE)
  const [messages, total] = await Promise.all([
    listMessagesForOrganization({ organizationId, limit, offset }),
    countMessagesForOrganization({ organizationId }),
  ])
  return {
    page,
    total,
    pages: pageCount(total, PER_PAGE),
    messages: messages.map((m) => ({
      id: m.id,
      subject: templateTitle(m.subject),
      status: m.status,
      when:
        m.status === 'scheduled' && !m.scheduledAt
          ? 'Waiting for the case’s date'
          : m.status === 'sent' && m.finishedAt
            ? `Sent ${formatShortDateTime(m.finishedAt, m.timeZone)}`
            : m.scheduledAt && m.status !== 'draft'
              ? `${m.status === 'scheduled' ? 'Scheduled for' : 'Started'} ${formatShortDateTime(m.scheduledAt, m.timeZone)}`
              : `Written ${formatShortDateTime(m.createdAt, m.timeZone)}`,
      sent: m.sent,
      totalTargeted: m.totalTargeted,
    })),
  }
}

export default function MessagesList() {
  const d = useLoaderData<typeof loader>()
  const n = (value: number) => value.toLocaleString('en-US')
  return (
    <div className="dash">
      <div className="dash-head">
        <h1>Campaigns</h1>
        <div className="dash-actions">
          <Link className="button" to="/dashboard/suppressions">
            Suppression list
          </Link>
          <Link className="button button--primary" to="/dashboard/messages/new">
            New message
          </Link>
        </div>
      </div>
      <p className="muted">
        Mail to the signers of your petitions. {n(d.total)} {d.total === 1 ? 'message' : 'messages'}
        .
      </p>
      {d.messages.length === 0 ? (
        <p className="panel">
          No campaigns yet. <Link to="/dashboard/messages/new">Write the first message</Link>.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                <th scope="col" className="num">
                  Sent
                </th>
              </tr>
            </thead>
            <tbody>
              {d.messages.map((m) => (
                <tr key={m.id}>
                  <td data-label="Subject">
                    <Link to={`/dashboard/messages/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td data-label="Status">
                    <span className={`status status--msg-${m.status}`}>
                      {MESSAGE_STATUS_LABELS[m.status]}
                    </span>
                  </td>
                  <td data-label="When">{m.when}</td>
                  <td data-label="Sent" className="num">
                    {m.totalTargeted === null ? (
                      <span className="muted">—</span>
                    ) : (
                      `${n(m.sent)} of ${n(m.totalTargeted)}`
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={d.page} pages={d.pages} href={(p) => `?page=${p}`} />
    </div>
  )
}
