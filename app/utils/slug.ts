/** A URL-safe slug from a title; callers add a suffix when it is taken. */
export function slugify(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '')
  return base || 'item'
}

export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 7)
}
