import type { LoaderFunctionArgs } from '@remix-run/node'
import { metricsText, requireMetricsAccess } from '~/services/metrics.server'

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMetricsAccess(request, context)
  const { contentType, body } = await metricsText()
  return new Response(body, {
    headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' },
  })
}
