import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { timeZoneList } from '~/components/dashboard/case-form'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { Notice } from '~/components/ui/field'
import { CASE_STATUS_LABELS, NEXT_DATE_KIND_LABELS } from '~/domain/labels'
import { may } from '~/domain/permissions'
import { WATCH_DIGEST_DAYS, WATCH_DIGEST_HOUR, WATCH_FLAG_DAYS } from '~/domain/watch'
import {
  createCalendarFeed,
  getLiveCalendarFeed,
  revokeCalendarFeed,
} from '~/models/calendar.server'
import { getOrganizationTimeZone, setOrganizationTimeZone } from '~/models/organization.server'
import { getWatchDigestSetting, setWatchDigest } from '~/models/watch.server'
import { requireOrganizer } from '~/services/auth.server'
import { watchList } from '~/services/watch.server'
import { env } from '~/utils/env.server'
import { readForm } from '~/utils/form.server'
import { daysLeft, formatDateTime } from '~/utils/time'
import { isTimeZone } from '~/validation/dashboard'
import { TimeZoneOptions } from '~/components/ui/time-zone-options'

export const meta: MetaFunction = () => [{ title: 'Watch list · Vigil' }]

const DONE: Record<string, string> = {
  revoked: 'The private calendar address no longer works.',
  digest: 'Your daily mail setting is saved.',
  zone: 'The organization’s time zone is saved.',
}

export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const { organizationId } = organizer
  const now = new Date()
  const [items, feed, digest, timeZone] = await Promise.all([
    watchList({ organizationId, now }),
    getLiveCalendarFeed(organizationId),
    getWatchDigestSetting(organizer.userId),
    getOrganizationTimeZone(organizationId),
  ])
  return {
    items: items.map((i) => ({
      id: i.id,
      personName: i.personName,
      jurisdiction: i.jurisdiction,
      status: i.status,
      statusLabel: CASE_STATUS_LABELS[i.status],
      kind: i.nextDateKind ? NEXT_DATE_KIND_LABELS[i.nextDateKind] : 'Next date',
      when: formatDateTime(i.nextDate, i.timeZone),
      daysLeft: daysLeft(i.nextDate, i.timeZone, now),
      flags: i.flags,
      soon: i.soon,
    })),
    publicFeed: `${env().appUrl}/cases.ics`,
    feedCreated: feed ? formatDateTime(feed.createdAt, timeZone) : null,
    digest,
    timeZone,
    timeZones: timeZoneList(),
    mayManage: may(organizer.role, 'manageOrganization'),
    done: DONE[new URL(request.url).searchParams.get('done') ?? ''] ?? null,
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent === 'calendar-create') {
    const secret = await createCalendarFeed({
      organizationId: organizer.organizationId,
      actorId: organizer.userId,
    })
    // Shown once, in this answer only: the address is not kept.
    return { feedUrl: `${env().appUrl}/calendars/${secret}.ics` }
  }
  if (intent === 'calendar-revoke') {
    await revokeCalendarFeed(organizer.organizationId)
    return redirect('/dashboard/watch?done=revoked', 303)
  }
  if (intent === 'digest') {
    await setWatchDigest({ userId: organizer.userId, on: form.get('digest') === 'on' })
    return redirect('/dashboard/watch?done=digest', 303)
  }
  if (intent === 'time-zone') {
    if (!may(organizer.role, 'manageOrganization'))
      throw new Response('Only an admin may change the organization’s time zone.', { status: 403 })
    const timeZone = String(form.get('timeZone') ?? '').trim()
    if (!isTimeZone(timeZone) || !timeZone)
      return data({ zoneError: 'Choose a time zone from the list.' }, { status: 400 })
    await setOrganizationTimeZone({ organizationId: organizer.organizationId, timeZone })
    return redirect('/dashboard/watch?done=zone', 303)
  }
  return data({ error: 'Choose one of the actions offered.' }, { status: 400 })
}

function inDays(n: number): string {
  if (n < 0) return 'passed'
  if (n === 0) return 'today'
  if (n === 1) return 'tomorrow'
  return `in ${n} days`
}

export default function WatchList() {
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>() as
    { feedUrl?: string; zoneError?: string; error?: string } | undefined
  return (
    <div className="dash">
      <h1>Watch list</h1>
      <Notice message={d.done} />
      <p>
        Every case&rsquo;s next date, the nearest first, after any date passed in the last week on a
        case not yet resolved (record what happened). A date within {WATCH_FLAG_DAYS} days is
        flagged when its case has no open petition, no outreach sent, or no call script.
      </p>
      {d.items.length === 0 ? (
        <p className="panel">
          No upcoming dates. <Link to="/dashboard/cases/new">Add a case</Link> or{' '}
          <Link to="/dashboard/cases/import">import cases from CSV</Link>.
        </p>
      ) : (
        <div className="table-wrap panel">
          <table className="table">
            <caption className="visually-hidden">Upcoming dates</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Case</th>
                <th scope="col">Needs</th>
              </tr>
            </thead>
            <tbody>
              {d.items.map((i) => (
                <tr key={i.id} className={i.flags.length ? 'row--flagged' : undefined}>
                  <td>
                    <strong>{inDays(i.daysLeft)}</strong>
                    <div className="muted small">
                      {i.kind}: {i.when}
                    </div>
                  </td>
                  <td>
                    <Link to={`/dashboard/cases/${i.id}`}>{i.personName}</Link>
                    <div className="muted small">
                      {i.jurisdiction} ·{' '}
                      <span className={`status status--${i.status}`}>{i.statusLabel}</span>
                    </div>
                  </td>
                  <td>
                    {i.flags.length ? (
                      <ul className="flags">
                        {i.flags.map((f) => (
                          <li key={f}>{f}</li>
                        ))}
                      </ul>
                    ) : i.soon ? (
                      <span className="muted">Ready</span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section className="panel" aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">Subscribe to the dates</h2>
        <p>
          Add a calendar by its address (in Google Calendar: <em>Other calendars → From URL</em>; on
          an iPhone: <em>Settings → Calendar → Accounts → Add subscribed calendar</em>). Dates move
          there when they move here, and leave when a case is resolved.
        </p>
        <p>
          Public dates (cases with a published petition):{' '}
          <code className="break">{d.publicFeed}</code>
        </p>
        {a?.feedUrl ? (
          <div className="notice" role="status">
            <p>
              Your organization&rsquo;s private calendar, every case:{' '}
              <code className="break">{a.feedUrl}</code>
            </p>
            <p className="small">
              Copy it now: it is shown only this once. Anyone with it can read your cases&rsquo;
              dates.
            </p>
          </div>
        ) : d.feedCreated ? (
          <p>A private calendar address made {d.feedCreated} is in use.</p>
        ) : (
          <p className="muted">No private calendar address yet.</p>
        )}
        <div className="dash-actions">
          <Form method="post">
            <input type="hidden" name="intent" value="calendar-create" />
            <button type="submit" className="button button--primary">
              {d.feedCreated
                ? 'Make a new private address (the old one stops)'
                : 'Make a private calendar address'}
            </button>
          </Form>
          {d.feedCreated ? (
            <Form method="post">
              <input type="hidden" name="intent" value="calendar-revoke" />
              <button type="submit" className="button">
                Revoke the private address
              </button>
            </Form>
          ) : null}
        </div>
      </section>

      <section className="panel" aria-labelledby="digest-heading">
        <h2 id="digest-heading">Daily mail</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="digest" />
          <label className="check">
            <input type="checkbox" name="digest" defaultChecked={d.digest} />
            <span>
              Email me the next {WATCH_DIGEST_DAYS} days&rsquo; dates every morning at{' '}
              {WATCH_DIGEST_HOUR} am ({d.timeZone}), when there are any.
            </span>
          </label>
          <button type="submit" className="button">
            Save
          </button>
        </Form>
        {d.mayManage ? (
          <Form method="post" className="zone-form">
            <input type="hidden" name="intent" value="time-zone" />
            <label htmlFor="org-time-zone">The organization&rsquo;s time zone</label>
            <select id="org-time-zone" name="timeZone" defaultValue={d.timeZone}>
              <TimeZoneOptions zones={d.timeZones} />
            </select>
            {a?.zoneError ? <p className="field__error">{a.zoneError}</p> : null}
            <button type="submit" className="button">
              Save the time zone
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
