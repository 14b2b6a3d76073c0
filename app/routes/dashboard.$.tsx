import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { requireOrganizer } from '~/services/auth.server'

/**
 * An unknown address under /dashboard: a 404 inside the dashboard, so the
 * organizer keeps its navigation (signed out, the sign-in page as usual).
 */
export const meta: MetaFunction = () => [
  { title: 'Not found · Dashboard · Vigil' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrganizer(request)
  throw new Response('There is no such page in the dashboard.', { status: 404 })
}

export default function DashboardNotFound() {
  return null
}

export { DashboardErrorBoundary as ErrorBoundary }
