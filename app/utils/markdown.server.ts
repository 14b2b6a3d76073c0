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

/** Organizer-written Markdown to HTML that is safe to put in a page or a mail. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false })
  return sanitizeHtml(html, { ...ALLOWED, allowedAttributes: { a: ['href', 'title', 'rel'] } })
}
