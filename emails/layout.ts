/**
 * The shared frame of every message: a single-column, table-based layout
 * with inline styles (what mail clients honour), and its plain-text twin.
 */
import { DEFAULT_LANGUAGE, translator } from '../app/utils/i18n'

export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

export interface LayoutProps {
  subject: string
  preheader: string
  /** Sender shown in the header, e.g. the organization's name. */
  organizationName: string
  /** Already-safe HTML for the body. */
  bodyHtml: string
  footerText: string
  unsubscribeUrl?: string
  /** The reader's language (a supporter's: the one they signed in); English by default. */
  language?: string
}

export function button(href: string, label: string): string {
  return `<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="margin:24px 0"><tr><td style="border-radius:6px;background:#8a1c1c"><a href="${escapeHtml(href)}" style="display:inline-block;padding:14px 24px;font-family:Georgia,serif;font-size:17px;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(label)}</a></td></tr></table>`
}

/**
 * The unsubscribe line's words in a language, translated once: every mail
 * carries them (a campaign, one per recipient) and only the link differs.
 */
const unsubscribeWords = new Map<string, { label: string; text: [string, string] }>()
function unsubscribeIn(language: string) {
  let words = unsubscribeWords.get(language)
  if (!words) {
    const t = translator(language)
    const marker = '\u0000url\u0000'
    const [before = '', after = ''] = t('mail.unsubscribe_text', { url: marker }).split(marker)
    words = { label: escapeHtml(t('mail.unsubscribe')), text: [before, after] }
    unsubscribeWords.set(language, words)
  }
  return words
}

export function layout(props: LayoutProps): string {
  const language = props.language ?? DEFAULT_LANGUAGE
  const unsubscribe = props.unsubscribeUrl
    ? ` <a href="${escapeHtml(props.unsubscribeUrl)}" style="color:#5c5c5c">${unsubscribeIn(language).label}</a>.`
    : ''
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>${escapeHtml(props.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f1ea">
<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(props.preheader)}</div>
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="background:#f4f1ea">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="padding:20px 28px;border-bottom:1px solid #e6e1d6;font-family:Georgia,serif;font-size:15px;color:#5c5c5c">${escapeHtml(props.organizationName)}</td></tr>
<tr><td style="padding:28px;font-family:Georgia,serif;font-size:17px;line-height:1.6;color:#1f1f1f">${props.bodyHtml}</td></tr>
<tr><td style="padding:20px 28px;border-top:1px solid #e6e1d6;font-family:Arial,sans-serif;font-size:13px;line-height:1.5;color:#5c5c5c">${escapeHtml(props.footerText)}${unsubscribe}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`
}

export function textFooter(
  footerText: string,
  unsubscribeUrl?: string,
  language: string = DEFAULT_LANGUAGE,
): string {
  const [before, after] = unsubscribeIn(language).text
  const unsubscribe = unsubscribeUrl ? `\n${before}${unsubscribeUrl}${after}` : ''
  return `\n\n--\n${footerText}${unsubscribe}\n`
}
