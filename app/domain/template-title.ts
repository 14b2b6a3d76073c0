/**
 * A template's subject as a title in a list: each merge tag shown as what
 * it stands for ("{{ case.person_name }}" → "[person name]") instead of the
 * raw Liquid, which reads like an error to someone who did not write it.
 * Other Liquid tags (`{% … %}`) are left out.
 */
const GENERIC = new Set(['name', 'title', 'url', 'status', 'goal'])

export function templateTitle(template: string): string {
  return template
    .replace(/\{\{\s*([^}|]+?)\s*(\|[^}]*)?\}\}/g, (_, path: string) => {
      const parts = path.trim().split('.')
      const last = parts.pop() ?? path
      // "name" alone says too little: "[official name]", "[petition title]".
      const name = GENERIC.has(last) && parts.length ? `${parts.pop()} ${last}` : last
      return `[${name.replaceAll('_', ' ')}]`
    })
    .replace(/\{%[^%]*%\}/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim()
}
