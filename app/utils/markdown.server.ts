import { marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

const ALLOWED = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'b',
    'i',
    'u',
    's',
    'blockquote',
    'code',
    'pre',
    'ul',
    'ol',
    'li',
    'h2',
    'h3',
    'h4',
    'a',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
  },
} satisfies sanitizeHtml.IOptions

// Parsing and sanitizing is a few hundred microseconds for a petition body,
// and a busy petition's page renders the same body hundreds of times a
// second: keep recent results (the output depends on the input alone).
const CACHE_ENTRIES = 200
const CACHE_MAX_LENGTH = 64 * 1024
const rendered = new Map<string, string>()

/** Organizer-written Markdown to HTML that is safe to put in a page or a mail. */
export function renderMarkdown(markdown: string): string {
  const hit = rendered.get(markdown)
  if (hit !== undefined) return hit
  const html = sanitizeHtml(marked.parse(markdown, { async: false, gfm: true, breaks: false }), {
    ...ALLOWED,
    allowedAttributes: { a: ['href', 'title', 'rel'] },
  })
  if (markdown.length <= CACHE_MAX_LENGTH) {
    // Oldest first in a Map's order: drop it to stay bounded.
    if (rendered.size >= CACHE_ENTRIES) rendered.delete(rendered.keys().next().value!)
    rendered.set(markdown, html)
  }
  return html
}
