import { methodNotAllowed } from '~/api/envelope.server'
import { openApiDocument } from '~/api/openapi.server'

/** Public: the OpenAPI 3.1 description, generated from the schemas the routes validate with. */
export function loader() {
  return Response.json(openApiDocument(), {
    headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' },
  })
}

export function action() {
  return methodNotAllowed(['GET'])
}
