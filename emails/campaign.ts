import { translator } from '../app/utils/i18n'
import { escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

/**
 * A campaign to signers: the organizer's subject and body (already merged
 * and sanitized by app/utils/templates.server.ts) in the shared layout.
 */
export interface CampaignProps {
  subject: string
  /** Sanitized HTML of the organizer's Markdown. */
  bodyHtml: string
  /** The organizer's Markdown with merge values: readable as it is. */
  bodyText: string
  organizationName: string
  petitionTitle: string
  unsubscribeUrl: string
  /** The reader's language (the frame's); English by default. */
  language?: string
  /** The language of the subject and body, when the organizer wrote none in the reader's. */
  contentLanguage?: string
}

export function render(props: CampaignProps): RenderedEmail {
  const language = props.language ?? 'en'
  const content = props.contentLanguage ?? language
  const footer = translator(language)('mail.campaign.footer', {
    title: props.petitionTitle,
    organization: props.organizationName,
  })
  // The English text inside a Spanish mail says it is English.
  const bodyHtml =
    content === language
      ? props.bodyHtml
      : `<div lang="${escapeHtml(content)}">${props.bodyHtml}</div>`
  const html = layout({
    subject: props.subject,
    preheader: props.bodyText
      .replace(/[#*_>`[\]]/g, '')
      .replace(/\s+/g, ' ')
      .slice(0, 120),
    organizationName: props.organizationName,
    footerText: footer,
    unsubscribeUrl: props.unsubscribeUrl,
    bodyHtml,
    language,
  })
  const text = `${props.bodyText}${textFooter(footer, props.unsubscribeUrl, language)}`
  return { subject: props.subject, html, text }
}
