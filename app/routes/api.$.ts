import { apiError } from '~/api/envelope.server'

/**
 * Any path under /api/ that no route answers: the contract's JSON 404 for
 * every method, never the site's HTML page.
 */
function notFound(): Response {
  return apiError(404, 'No such API path. The entry point is /api/v1.')
}

export const loader = notFound
export const action = notFound
