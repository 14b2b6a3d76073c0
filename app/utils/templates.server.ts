import { randomInt } from 'node:crypto'
import { Liquid, type Template } from 'liquidjs'
import { renderMarkdown } from './markdown.server'

/**
 * Organizer-written mail: a subject and a Markdown body with Liquid merge
 * fields (the names in CONTRACT.md). Strict: an unknown variable or filter
 * is an error, found when the template is saved (rendered against a sample
 * context and against each target's real data), never a blank in a sent
 * mail. The HTML part escapes merge values; the text part does not.
 */

export interface MergeContext {
  supporter: { first_name: string; name: string }
  petition: { title: string; url: string; total_signatures: number; goal: number }
  /** next_date and days_left are absent when the case has no date. */
  case: { person_name: string; status: string; next_date?: string; days_left?: number }
  /** Absent when the petition has no decision maker. */
  official?: { name: string; title: string }
  organization: { name: string }
}

export const SAMPLE_CONTEXT: MergeContext = {
  supporter: { first_name: 'Alex', name: 'Alex Sample' },
  petition: {
    title: 'Spare Sample Person',
    url: 'https://vigil.example/petitions/sample',
    total_signatures: 1234,
    goal: 5000,
  },
  case: {
    person_name: 'Sample Person',
    status: 'Execution scheduled',
    next_date: 'December 3, 2026',
    days_left: 10,
  },
  official: { name: 'Gov. Sample', title: 'Governor' },
  organization: { name: 'Sample Organization' },
}

/** No file system: include, render and layout tags find nothing. */
const NO_FILES = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => {
    throw new Error('Templates cannot include files.')
  },
  readFileSync: () => {
    throw new Error('Templates cannot include files.')
  },
  resolve: (_dir: string, file: string) => file,
}

const common = {
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  fs: NO_FILES,
  root: [],
  relativeReference: false,
  // An organizer's template must not be able to stall a worker.
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
}
const htmlEngine = new Liquid({ ...common, outputEscape: 'escape' })
const textEngine = new Liquid(common)

export class TemplateError extends Error {
  constructor(readonly fields: Partial<Record<'subject' | 'body', string[]>>) {
    super(
      Object.entries(fields)
        .map(([field, messages]) => `${field}: ${messages!.join('; ')}`)
        .join(' '),
    )
    this.name = 'TemplateError'
  }
}

export interface CompiledMessage {
  subject: Template[]
  bodyHtml: Template[]
  bodyText: Template[]
  /**
   * The body uses the supporter's fields only as plain outputs (no filter,
   * no tag), so its Markdown can be rendered once for every recipient of a
   * petition and the names put in after (see renderMessage).
   */
  supporterOutputsOnly: boolean
  /** Which of the supporter's fields the body uses. */
  supporterFields: ('first_name' | 'name')[]
}

/** The Liquid markup of a template: its {{ … }} and {% … %}. */
const LIQUID_MARKUP = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g
const PLAIN_SUPPORTER_OUTPUT = /^\{\{-?\s*supporter\.(first_name|name)\s*-?\}\}$/

function supporterUse(body: string) {
  const fields = new Set<'first_name' | 'name'>()
  let outputsOnly = true
  for (const markup of body.match(LIQUID_MARKUP) ?? []) {
    if (!markup.includes('supporter')) continue
    const plain = PLAIN_SUPPORTER_OUTPUT.exec(markup)
    if (plain) fields.add(plain[1] as 'first_name' | 'name')
    else outputsOnly = false
  }
  return { supporterOutputsOnly: outputsOnly, supporterFields: [...fields] }
}

function describe(error: unknown): string {
  const message = (error as Error).message ?? String(error)
  // LiquidJS appends a source excerpt after a newline: keep the first line.
  return message.split('\n')[0]!.replace(/^(\w*Error:\s*)/, '')
}

/** Parses a subject and body once, for rendering to many recipients. */
export function compileMessage({ subject, body }: { subject: string; body: string }) {
  const errors: Partial<Record<'subject' | 'body', string[]>> = {}
  const parse = (engine: Liquid, source: string, field: 'subject' | 'body') => {
    try {
      return engine.parse(source)
    } catch (error) {
      ;(errors[field] ??= []).push(describe(error))
      return []
    }
  }
  const compiled: CompiledMessage = {
    subject: parse(textEngine, subject, 'subject'),
    bodyHtml: parse(htmlEngine, body, 'body'),
    bodyText: errors.body ? [] : parse(textEngine, body, 'body'),
    ...supporterUse(body),
  }
  if (Object.keys(errors).length > 0) throw new TemplateError(errors)
  return compiled
}

export interface RenderedMessage {
  subject: string
  /** Sanitized HTML for the layout's body. */
  bodyHtml: string
  /** The Markdown with merge values as they are: the text part. */
  bodyText: string
}

/** Renders for one recipient; throws TemplateError when a name has no value here. */
/*
 * Names that Markdown cannot read as anything but a word: an ASCII letter,
 * then ASCII letters and digits (no space: a space ends a link's address;
 * no other letters: they end an email address's autolink). Put in the
 * place of a placeholder made of letters too, such a name cannot start or
 * end a construct (a list, emphasis, a link, an entity) that the
 * placeholder did not, and needs no escaping; so the body rendered once
 * with placeholders is, with the names put in, exactly the body rendered
 * with the names (the tests compare the two). Other names (Zoë, Maria José,
 * O'Brien, Jean-Luc) take the full path, as does a word GFM could start a
 * bare link with ("www" or a URL scheme).
 */
const MARKDOWN_INERT = /^[A-Za-z][A-Za-z0-9]*$/
const LINK_WORD = /^(?:www|https?|ftp|mailto|xmpp)$/i
const isInert = (name: string) => MARKDOWN_INERT.test(name) && !LINK_WORD.test(name)
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'
const PLACEHOLDER = `vigil${Array.from({ length: 12 }, () => LETTERS[randomInt(26)]).join('')}`
const PLACEHOLDERS = { first_name: `${PLACEHOLDER}F`, name: `${PLACEHOLDER}N` }

/**
 * Renders for one recipient; throws TemplateError when a name has no value
 * here. A body that uses the supporter's fields only as plain outputs, for
 * a supporter whose names are plain words, has its Markdown rendered and
 * sanitized once per petition (markdown.server.ts keeps recent results) and
 * the names put in after; `{ perRecipient: true }` forces the full path
 * (the tests compare the two).
 */
export function renderMessage(
  compiled: CompiledMessage,
  context: MergeContext,
  { perRecipient = false }: { perRecipient?: boolean } = {},
): RenderedMessage {
  const errors: Partial<Record<'subject' | 'body', string[]>> = {}
  const run = (
    engine: Liquid,
    templates: Template[],
    field: 'subject' | 'body',
    ctx: MergeContext = context,
  ) => {
    try {
      return String(engine.renderSync(templates, ctx))
    } catch (error) {
      ;(errors[field] ??= []).push(describe(error))
      return ''
    }
  }
  const supporter = context.supporter as MergeContext['supporter'] | undefined
  const shared =
    !perRecipient &&
    compiled.supporterOutputsOnly &&
    supporter !== undefined &&
    compiled.supporterFields.every((field) => isInert(supporter[field]))
  const subject = run(textEngine, compiled.subject, 'subject')
  const markdownHtml = shared
    ? run(htmlEngine, compiled.bodyHtml, 'body', { ...context, supporter: PLACEHOLDERS })
    : run(htmlEngine, compiled.bodyHtml, 'body')
  const bodyText = errors.body ? '' : run(textEngine, compiled.bodyText, 'body')
  if (Object.keys(errors).length > 0) throw new TemplateError(errors)
  const bodyHtml = shared
    ? renderMarkdown(markdownHtml)
        .replaceAll(PLACEHOLDERS.first_name, supporter.first_name)
        .replaceAll(PLACEHOLDERS.name, supporter.name)
    : renderMarkdown(markdownHtml)
  return {
    subject: subject.replace(/\s+/g, ' ').trim(),
    bodyHtml,
    bodyText: bodyText.trim(),
  }
}

/**
 * Checks a template at save or preview time: it must parse, render against
 * the sample context (every contract name exists there, so an unknown name
 * fails), and render against each given real context (a name the data
 * lacks, like official.name on a petition without a decision maker, fails
 * now rather than at send time). Throws TemplateError with the messages.
 */
export function validateMessageTemplate(
  template: { subject: string; body: string },
  contexts: MergeContext[] = [],
): CompiledMessage {
  const compiled = compileMessage(template)
  renderMessage(compiled, SAMPLE_CONTEXT)
  for (const context of contexts) {
    try {
      renderMessage(compiled, context)
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error
      const where = `for petition "${context.petition.title}"`
      const fields: Partial<Record<'subject' | 'body', string[]>> = {}
      for (const [field, messages] of Object.entries(error.fields))
        fields[field as 'subject' | 'body'] = messages!.map((m) => `${m} ${where}`)
      throw new TemplateError(fields)
    }
  }
  if (!template.subject.trim()) throw new TemplateError({ subject: ['subject is required.'] })
  return compiled
}
