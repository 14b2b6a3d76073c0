/**
 * The `page` of a paginated dashboard list, from its URL: a whole number
 * from 1 to `max`, whatever was typed (`1.5`, `abc`, `1e400` and `-3` all
 * give a page the database can offset by).
 */
export function pageFromUrl(url: URL, max = 10_000): number {
  const page = Math.floor(Number(url.searchParams.get('page')))
  return Number.isFinite(page) ? Math.min(max, Math.max(1, page)) : 1
}

/** A paginated dashboard list as its loader reads it: the search, the page and the slice. */
export interface ListPage {
  /** The search box's text, trimmed, at most 200 characters ('' for none). */
  q: string
  page: number
  limit: number
  offset: number
}

export function listPage(url: URL, perPage: number, maxPage = 10_000): ListPage {
  const page = pageFromUrl(url, maxPage)
  const q = url.searchParams.get('q')?.trim().slice(0, 200) ?? ''
  return { q, page, limit: perPage, offset: (page - 1) * perPage }
}

/** How many pages `total` rows fill (at least one, for an empty list). */
export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage))
}

/** The link to page `page` of a list, keeping its other parameters (search, filters) when set. */
export function pageHref(params: Record<string, string>, page: number): string {
  const kept = Object.entries(params).filter(([, value]) => value !== '')
  return `?${new URLSearchParams([...kept, ['page', String(page)]])}`
}
