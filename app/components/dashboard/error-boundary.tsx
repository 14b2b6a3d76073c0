import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'

/** 404s (also for another organization's ids) and other errors inside the dashboard. */
export function DashboardErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const title =
    status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong'
  const message =
    isRouteErrorResponse(error) && typeof error.data === 'string'
      ? error.data
      : status === 404
        ? 'That page does not exist, or it belongs to another organization.'
        : 'Please try again in a moment.'
  return (
    <section className="panel narrow">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/dashboard">Back to the dashboard</Link>
      </p>
    </section>
  )
}
