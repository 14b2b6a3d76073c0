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

/** A block of organizer-written Markdown as plain text, for print (the packet). */
export interface TextBlock {
  kind: 'heading' | 'paragraph' | 'item' | 'quote'
  text: string
}

type InlineToken = {
  type: string
  text?: string
  raw?: string
  href?: string
  tokens?: InlineToken[]
}

function inlineText(tokens: InlineToken[] | undefined, fallback = ''): string {
  if (!tokens) return fallback
  return tokens
    .map((t) => {
      if (t.type === 'br') return '\n'
      if (t.type === 'link') {
        const label = inlineText(t.tokens, t.text ?? '')
        return t.href && t.href !== label && !t.href.startsWith('mailto:')
          ? `${label} (${t.href})`
          : label
      }
      if (t.tokens) return inlineText(t.tokens, t.text ?? '')
      return t.type === 'html' ? '' : (t.text ?? '')
    })
    .join('')
}

/**
 * Markdown to plain paragraphs, headings and list items: what a printed
 * page can show without HTML. Links keep their address in brackets.
 */
export function markdownToBlocks(markdown: string): TextBlock[] {
  const blocks: TextBlock[] = []
  const walk = (tokens: ReturnType<typeof marked.lexer>, quote: boolean) => {
    for (const token of tokens) {
      const t = token as InlineToken & { items?: { tokens: InlineToken[] }[] }
      if (token.type === 'heading') blocks.push({ kind: 'heading', text: inlineText(t.tokens) })
      else if (token.type === 'paragraph' || token.type === 'text')
        blocks.push({ kind: quote ? 'quote' : 'paragraph', text: inlineText(t.tokens, t.text) })
      else if (token.type === 'list')
        for (const item of t.items ?? [])
          blocks.push({ kind: 'item', text: inlineText(item.tokens).trim() })
      else if (token.type === 'blockquote')
        walk((token as unknown as { tokens: ReturnType<typeof marked.lexer> }).tokens, true)
      else if (token.type === 'code') blocks.push({ kind: 'paragraph', text: t.text ?? '' })
    }
  }
  walk(marked.lexer(markdown, { gfm: true }), false)
  return blocks.filter((b) => b.text.trim() !== '')
}
