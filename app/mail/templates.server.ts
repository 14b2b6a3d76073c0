import { DomainError } from '~/domain/errors'
import { randomInt } from 'node:crypto'
import { Liquid, type Template } from 'liquidjs'
import { renderMarkdown } from '~/utils/markdown.server'

/**
 * Organizer-written mail: a subject and a Markdown body with Liquid merge
 * fields (the names in CONTRACT.md). Strict: an unknown variable or filter
 * is an error, found when the template is saved (rendered against a sample
 * context and against each target's real data), never a blank in a sent
 * mail. The HTML part escapes merge values; the text part does not.
 */

export interface MergeContext {
  supporter: { first_name: string; name: string }
  petition: {
    title: string
    url: string
    /** The call page: each target's phone, hours and the call script. */
    call_url: string
    total_signatures: number
    goal: number
  }
  /** next_date and days_left are absent when the case has no date. */
  case: { person_name: string; status: string; next_date?: string; days_left?: number }
  /** Absent when the petition has no decision maker. */
  official?: { name: string; title: string; greeting_name: string }
  organization: { name: string }
}

export const SAMPLE_CONTEXT: MergeContext = {
  supporter: { first_name: 'Alex', name: 'Alex Sample' },
  petition: {
    title: 'Spare Sample Person',
    url: 'https://vigil.example/petitions/sample',
    call_url: 'https://vigil.example/petitions/sample/call',
    total_signatures: 1234,
    goal: 5000,
  },
  case: {
    person_name: 'Sample Person',
    status: 'Execution scheduled',
    next_date: 'December 3, 2026',
    days_left: 10,
  },
  official: { name: 'Gov. Sample', title: 'Governor', greeting_name: 'Gov. Sample' },
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

export class TemplateError extends DomainError {
  constructor(fields: Partial<Record<'subject' | 'body' | 'subject_es' | 'body_es', string[]>>) {
    super('invalid', 'The template does not render.', fields as Record<string, string[]>)
  }
}

export interface CompiledMessage {
  subject: Template[]
  bodyHtml: Template[]
  bodyText: Template[]
  /**
   * The subject and body use the supporter's fields only as plain outputs
   * (no filter, no tag), so they can be rendered once for every recipient
   * of a petition and the names put in after (see messageRenderer).
   */
  supporterOutputsOnly: boolean
  /** Which of the supporter's fields the subject and body use. */
  supporterFields: ('first_name' | 'name')[]
}

/** The Liquid markup of a template: its {{ … }} and {% … %}. */
const LIQUID_MARKUP = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g
const PLAIN_SUPPORTER_OUTPUT = /^\{\{-?\s*supporter\.(first_name|name)\s*-?\}\}$/

/**
 * How a template uses the supporter's fields. A bracket lookup (`[k]`) can
 * reach the supporter by a computed name, so it counts as any use.
 */
function supporterUse(source: string) {
  const fields = new Set<'first_name' | 'name'>()
  let outputsOnly = true
  for (const markup of source.match(LIQUID_MARKUP) ?? []) {
    if (!markup.includes('supporter') && !markup.includes('[')) continue
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
    ...supporterUse(`${subject}\n${body}`),
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

/** Renders for one recipient, every part from scratch; throws TemplateError. */
function renderEach(compiled: CompiledMessage, context: MergeContext): RenderedMessage {
  const errors: Partial<Record<'subject' | 'body', string[]>> = {}
  const run = (engine: Liquid, templates: Template[], field: 'subject' | 'body') => {
    try {
      return String(engine.renderSync(templates, context))
    } catch (error) {
      ;(errors[field] ??= []).push(describe(error))
      return ''
    }
  }
  const subject = run(textEngine, compiled.subject, 'subject')
  const markdownHtml = run(htmlEngine, compiled.bodyHtml, 'body')
  const bodyText = errors.body ? '' : run(textEngine, compiled.bodyText, 'body')
  if (Object.keys(errors).length > 0) throw new TemplateError(errors)
  return {
    subject: subject.replace(/\s+/g, ' ').trim(),
    bodyHtml: renderMarkdown(markdownHtml),
    bodyText: bodyText.trim(),
  }
}

/** What every recipient of a petition shares: the merge context but the supporter. */
export type SharedMergeContext = Omit<MergeContext, 'supporter'>

/**
 * Renders one message for the recipients of one petition. A message that
 * uses the supporter's fields only as plain outputs, for a recipient whose
 * names are plain words (isInert), is rendered once, with placeholders, and
 * each recipient's names are put in after: subject, sanitized HTML and
 * text alike. Anything else is rendered for the recipient alone, as is
 * every recipient with `{ perRecipient: true }` (the tests compare the
 * two). Throws TemplateError when a name has no value here.
 */
export function messageRenderer(compiled: CompiledMessage, shared: SharedMergeContext) {
  let once: RenderedMessage | TemplateError | undefined
  return (
    supporter: MergeContext['supporter'],
    { perRecipient = false }: { perRecipient?: boolean } = {},
  ): RenderedMessage => {
    const fast =
      !perRecipient &&
      compiled.supporterOutputsOnly &&
      compiled.supporterFields.every((field) => isInert(supporter[field]))
    if (!fast) return renderEach(compiled, { ...shared, supporter })
    if (!once) {
      try {
        once = renderEach(compiled, { ...shared, supporter: PLACEHOLDERS })
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error
        once = error
      }
    }
    if (once instanceof TemplateError) throw once
    const fill = (part: string) =>
      part
        .replaceAll(PLACEHOLDERS.first_name, supporter.first_name)
        .replaceAll(PLACEHOLDERS.name, supporter.name)
    return {
      subject: fill(once.subject),
      bodyHtml: fill(once.bodyHtml),
      bodyText: fill(once.bodyText),
    }
  }
}

/**
 * Renders for one recipient (see messageRenderer); a context without a
 * supporter (outreach to officials) is rendered as it is.
 */
export function renderMessage(
  compiled: CompiledMessage,
  context: MergeContext,
  options: { perRecipient?: boolean } = {},
): RenderedMessage {
  const { supporter, ...shared } = context as Partial<MergeContext> & SharedMergeContext
  if (!supporter) return renderEach(compiled, context)
  return messageRenderer(compiled, shared)(supporter, options)
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
