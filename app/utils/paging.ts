/**
 * The `page` of a paginated dashboard list, from its URL: a whole number
 * from 1 to `max`, whatever was typed (`1.5`, `abc`, `1e400` and `-3` all
 * give a page the database can offset by).
 */
export function pageFromUrl(url: URL, max = 10_000): number {
  const page = Math.floor(Number(url.searchParams.get('page')))
  return Number.isFinite(page) ? Math.min(max, Math.max(1, page)) : 1
}
