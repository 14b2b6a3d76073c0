import { env } from '~/utils/env.server'

/**
 * Every HAL link the API gives, built here and nowhere else: the entry
 * point's, each resource's (`self` and its OSDI relations) and each list's
 * (`self`, `next`, `prev`). Links are absolute, on APP_URL, as `browser_url`
 * is. Vigil's own collections (cases, officials, messages' targets,
 * outreaches, webhooks) carry the `osdi:` prefix too, as the contract names
 * them, so that one curie serves every relation; docs/api.md says which of
 * them OSDI has no type for.
 */

export const API_PATH = '/api/v1'

export interface Link {
  href: string
  title?: string
  templated?: boolean
}

export type Links = Record<string, Link | Link[]>

/** An absolute URL of the API: `apiUrl('/petitions/1')`. */
export function apiUrl(path = ''): string {
  return `${env().appUrl}${API_PATH}${path}`
}

function link(path: string, title?: string): Link {
  return title ? { href: apiUrl(path), title } : { href: apiUrl(path) }
}

/** OSDI 1.x's curie: `osdi:petitions` expands to its page in the OSDI documentation. */
export const CURIES = [
  { name: 'osdi', href: 'https://opensupporter.github.io/osdi-docs/{rel}', templated: true },
]

/** The entry point's links: every collection a client may read, and the API's description. */
export function entryPointLinks(): Links {
  return {
    self: link(''),
    curies: CURIES.map((c) => ({ ...c })),
    'osdi:petitions': link('/petitions', 'Open petitions (public)'),
    'osdi:cases': link('/cases', "The organization's cases"),
    'osdi:officials': link('/officials', "The organization's officials"),
    'osdi:messages': link('/messages', "The organization's messages to signers"),
    'osdi:outreaches': link('/outreaches', "The organization's mail to officials"),
    'osdi:webhooks': link('/webhooks', "The organization's webhook subscriptions"),
    'osdi:export': link('/export', "The organization's people and signatures, OSDI-shaped"),
    'service-desc': link('/openapi.json', 'OpenAPI 3.1 description'),
  }
}

export const paths = {
  petition: (id: string) => `/petitions/${id}`,
  signatures: (petitionId: string) => `/petitions/${petitionId}/signatures`,
  signature: (petitionId: string, id: string) => `/petitions/${petitionId}/signatures/${id}`,
  case: (id: string) => `/cases/${id}`,
  caseEvents: (caseId: string) => `/cases/${caseId}/events`,
  caseEvent: (caseId: string, id: string) => `/cases/${caseId}/events/${id}`,
  official: (id: string) => `/officials/${id}`,
  message: (id: string) => `/messages/${id}`,
  outreach: (id: string) => `/outreaches/${id}`,
  webhook: (id: string) => `/webhooks/${id}`,
}

const officials = (ids: string[]) => ids.map((id) => link(paths.official(id)))

export function petitionLinks(p: { id: string; caseId: string; targetIds?: string[] }): Links {
  return {
    self: link(paths.petition(p.id)),
    'osdi:signatures': link(paths.signatures(p.id)),
    'osdi:record_signature_helper': link(paths.signatures(p.id)),
    'osdi:case': link(paths.case(p.caseId)),
    ...(p.targetIds ? { 'osdi:targets': officials(p.targetIds) } : {}),
  }
}

export function signatureLinks(s: { id: string; petitionId: string }): Links {
  return {
    self: link(paths.signature(s.petitionId, s.id)),
    'osdi:petition': link(paths.petition(s.petitionId)),
  }
}

/** A partner's supporter (decision 043): read in the petition's list, not one by one. */
export function partnerSupporterLinks(petitionId: string): Links {
  return {
    'osdi:signatures': link(paths.signatures(petitionId)),
    'osdi:petition': link(paths.petition(petitionId)),
  }
}

export function caseLinks(c: { id: string; decisionMakerIds?: string[] }): Links {
  return {
    self: link(paths.case(c.id)),
    'osdi:timeline': link(paths.caseEvents(c.id)),
    ...(c.decisionMakerIds ? { 'osdi:targets': officials(c.decisionMakerIds) } : {}),
  }
}

export function caseEventLinks(e: { id: string; caseId: string }): Links {
  return { self: link(paths.caseEvent(e.caseId, e.id)), 'osdi:case': link(paths.case(e.caseId)) }
}

export function officialLinks(id: string): Links {
  return { self: link(paths.official(id)) }
}

export function messageLinks(m: { id: string; petitionIds?: string[] }): Links {
  return {
    self: link(paths.message(m.id)),
    'osdi:send_helper': link(`${paths.message(m.id)}/send`),
    ...(m.petitionIds
      ? { 'osdi:targets': m.petitionIds.map((id) => link(paths.petition(id))) }
      : {}),
  }
}

export function outreachLinks(o: {
  id: string
  petitionId: string
  officialIds?: string[]
}): Links {
  return {
    self: link(paths.outreach(o.id)),
    'osdi:petition': link(paths.petition(o.petitionId)),
    ...(o.officialIds ? { 'osdi:targets': officials(o.officialIds) } : {}),
  }
}

export function webhookLinks(id: string): Links {
  return { self: link(paths.webhook(id)) }
}

/**
 * A list's links: `self` (this page, its query kept), `next` and `prev`
 * where those pages exist, and each item's `self` under the list's own
 * relation, as OSDI lists carry them.
 */
export function collectionLinks(
  url: URL,
  { page, totalPages, resource, items }: CollectionPage,
): Links {
  const at = (n: number) => {
    const query = new URLSearchParams(url.search)
    query.set('page', String(n))
    return { href: `${env().appUrl}${url.pathname}?${query}` }
  }
  const itemLinks = items.flatMap((item) => {
    const self = item._links?.self
    return self && !Array.isArray(self) ? [self] : []
  })
  return {
    self: at(page),
    ...(page < totalPages ? { next: at(page + 1) } : {}),
    ...(page > 1 ? { prev: at(Math.min(page - 1, totalPages)) } : {}),
    [`osdi:${resource}`]: itemLinks,
  }
}

interface CollectionPage {
  page: number
  totalPages: number
  resource: string
  items: { _links?: Links }[]
}
