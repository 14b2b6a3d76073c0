import { TemplateError, compileMessage, renderMessage, SAMPLE_CONTEXT } from './templates.server'
import type { MergeContext } from './templates.server'

/**
 * Call scripts: Markdown with the merge fields of campaign mail, rendered
 * on the public call page for each office. The caller is nobody Vigil
 * knows, so `supporter.*` does not exist here.
 */

export type CallScriptContext = Omit<MergeContext, 'supporter'> & {
  official: NonNullable<MergeContext['official']>
}

/** What the call page shows where the organizer wrote no script. */
export const DEFAULT_CALL_SCRIPT = `Hello, my name is ___ and I live in ___.

I am calling to ask {{ official.greeting_name }} to grant clemency to **{{ case.person_name }}**.

Thank you for taking my message.`

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
 * A script as the call page shows it (sanitized HTML). A script that no
 * longer renders (the case lost its date since) falls back to the default.
 */
export function renderCallScript(body: string | null, context: CallScriptContext): string {
  for (const source of body ? [body, DEFAULT_CALL_SCRIPT] : [DEFAULT_CALL_SCRIPT]) {
    try {
      const compiled = compileMessage({ subject: SUBJECT, body: source })
      return renderMessage(compiled, context as MergeContext).bodyHtml
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error
    }
  }
  return ''
}
