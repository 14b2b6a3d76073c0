import { TemplateError, compileMessage, renderMessage, SAMPLE_CONTEXT } from './templates.server'
import type { MergeContext } from './templates.server'
import { DEFAULT_LANGUAGE, languageOr, type Language } from '~/utils/i18n'

/**
 * Call scripts: Markdown with the merge fields of campaign mail, rendered
 * on the public call page for each office. The caller is nobody Vigil
 * knows, so `supporter.*` does not exist here.
 */

export type CallScriptContext = Omit<MergeContext, 'supporter'> & {
  official: NonNullable<MergeContext['official']>
}

/**
 * What the call page shows where the organizer wrote no script, in each
 * language Vigil speaks (the compiler asks for one per language). The
 * Spanish names the official without the English title.
 */
export const DEFAULT_CALL_SCRIPTS: Record<Language, string> = {
  en: `Hello, my name is ___ and I live in ___.

I am calling to ask {{ official.greeting_name }} to grant clemency to **{{ case.person_name }}**.

Thank you for taking my message.`,
  es: `Hola, me llamo ___ y vivo en ___.

Llamo para pedirle a {{ official.name }} que conceda la clemencia a **{{ case.person_name }}**.

Gracias por tomar mi mensaje.`,
}

export const DEFAULT_CALL_SCRIPT = DEFAULT_CALL_SCRIPTS[DEFAULT_LANGUAGE]

const { supporter: _none, ...SAMPLE } = SAMPLE_CONTEXT
const SAMPLE_SCRIPT_CONTEXT = SAMPLE as CallScriptContext

const SUBJECT = 'call script'

/**
 * Checks a script at save time: it parses, uses no supporter field, and
 * renders against the sample and each real context given (a case without a
 * date has no case.next_date). Throws TemplateError on `body`.
 */
export function validateCallScript(body: string, contexts: CallScriptContext[] = []): void {
  if (/\bsupporter\b/.test(body))
    throw new TemplateError({
      body: ['Callers are not known to Vigil: a call script cannot use supporter fields.'],
    })
  const compiled = compileMessage({ subject: SUBJECT, body })
  for (const context of [SAMPLE_SCRIPT_CONTEXT, ...contexts])
    renderMessage(compiled, context as MergeContext)
}

/**
 * A script as the call page shows it (sanitized HTML) and its language: the
 * organizer's (English), else Vigil's default in the reader's language. A
 * script that no longer renders (the case lost its date since) falls back
 * to the default.
 */
export function renderCallScript(
  body: string | null,
  context: CallScriptContext,
  language: string = DEFAULT_LANGUAGE,
): { html: string; language: Language } {
  const reader = languageOr(language)
  const sources: [string, Language][] = [[DEFAULT_CALL_SCRIPTS[reader], reader]]
  if (body) sources.unshift([body, DEFAULT_LANGUAGE])
  for (const [source, written] of sources) {
    try {
      const compiled = compileMessage({ subject: SUBJECT, body: source })
      return { html: renderMessage(compiled, context as MergeContext).bodyHtml, language: written }
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error
    }
  }
  return { html: '', language: reader }
}
