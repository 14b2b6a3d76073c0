import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { z } from '~/validation/zod'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { may, type Permission } from '~/domain/permissions'
import { listMemberships } from '~/models/organizer.server'
import { requireOrganizer, switchOrganization } from '~/services/auth.server'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction = () => [
  { title: 'Dashboard · Vigil' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer(request)
  const memberships = await listMemberships({ userId: organizer.userId })
  return { organizer, memberships }
}

const SwitchSchema = z.object({
  intent: z.literal('switch-organization'),
  organizationId: z.uuid(),
})

/** Switches the active organization (the nav's form posts here). */
export async function action({ request }: ActionFunctionArgs) {
  await requireOrganizer(request)
  const parsed = SwitchSchema.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) throw new Response('Unknown request.', { status: 400 })
  const cookie = await switchOrganization(request, parsed.data.organizationId)
  if (!cookie) throw new Response('You are not a member of that organization.', { status: 404 })
  return redirect('/dashboard', { status: 303, headers: { 'Set-Cookie': cookie } })
}

const NAV: { to: string; label: string; end?: boolean; may?: Permission }[] = [
  { to: '/dashboard', label: 'Home', end: true },
  { to: '/dashboard/watch', label: 'Watch list' },
  { to: '/dashboard/cases', label: 'Cases' },
  { to: '/dashboard/officials', label: 'Officials' },
  { to: '/dashboard/petitions', label: 'Petitions' },
  { to: '/dashboard/partners', label: 'Partners' },
  { to: '/dashboard/abuse', label: 'Abuse' },
  { to: '/dashboard/messages', label: 'Campaigns' },
  { to: '/dashboard/outreaches', label: 'Outreach' },
  { to: '/dashboard/clemency', label: 'Who decides' },
  { to: '/dashboard/webhooks', label: 'Webhooks' },
  { to: '/dashboard/tokens', label: 'Tokens' },
  { to: '/dashboard/team', label: 'Team' },
  { to: '/dashboard/privacy', label: 'Privacy', may: 'managePrivacy' },
  { to: '/dashboard/audit', label: 'Audit log', may: 'readAuditLog' },
  { to: '/dashboard/organization', label: 'Organization' },
]

export default function DashboardLayout() {
  const { organizer, memberships } = useLoaderData<typeof loader>()
  return (
    <div className="dashboard">
      <header className="dashboard__bar">
        <div className="dashboard__who">
          <strong>{organizer.organizationName}</strong>
          <span className="muted">
            {organizer.name ?? organizer.email} · {organizer.role}
          </span>
        </div>
        {memberships.length > 1 ? (
          <Form method="post" action="/dashboard" className="dashboard__switch">
            <input type="hidden" name="intent" value="switch-organization" />
            <label htmlFor="switch-organization">Organization</label>
            <select
              id="switch-organization"
              name="organizationId"
              defaultValue={organizer.organizationId}
            >
              {memberships.map((m) => (
                <option key={m.organizationId} value={m.organizationId}>
                  {m.organizationName}
                </option>
              ))}
            </select>
            <button type="submit" className="button">
              Switch
            </button>
          </Form>
        ) : null}
        <Form method="post" action="/logout">
          <button type="submit" className="button">
            Sign out
          </button>
        </Form>
      </header>
      <nav className="dashboard__nav" aria-label="Dashboard">
        {NAV.filter((item) => !item.may || may(organizer.role, item.may)).map((item) => (
          <NavLink key={item.to} to={item.to} end={item.end} prefetch="intent">
            {item.label}
          </NavLink>
        ))}
      </nav>
      <div className="dashboard__content">
        <Outlet />
      </div>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
