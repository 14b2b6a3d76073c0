import type { LoaderFunctionArgs } from '@remix-run/node'
import { hal, methodNotAllowed } from '~/api/envelope.server'
import { entryPointLinks } from '~/api/links.server'

/**
 * Public: the API's entry point (OSDI's "API Entry Point"): who serves it,
 * and a link to every collection, from which a HAL client finds the rest.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return hal(request, {
    motd: 'Vigil: clemency petitions and case-based advocacy. Lists other than petitions need a token.',
    vendor_name: 'Vigil',
    product_name: 'Vigil',
    osdi_version: '1.2.0',
    max_pagesize: 100,
    _links: entryPointLinks(),
  })
}

export function action() {
  return methodNotAllowed(['GET'])
}
