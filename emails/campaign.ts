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

/** What every mail of one campaign, petition and language shares. */
export type CampaignFrame = Pick<
  CampaignProps,
  'organizationName' | 'petitionTitle' | 'language' | 'contentLanguage'
>

/**
 * A campaign's mails for one frame: the footer is written once, each
 * recipient's mail from its own subject, body and unsubscribe link.
 */
export function campaignRenderer(
  frame: CampaignFrame,
): (props: Omit<CampaignProps, keyof CampaignFrame>) => RenderedEmail {
  const language = frame.language ?? 'en'
  const content = frame.contentLanguage ?? language
  const footer = translator(language)('mail.campaign.footer', {
    title: frame.petitionTitle,
    organization: frame.organizationName,
  })
  // The English text inside a Spanish mail says it is English.
  const opening = content === language ? '' : `<div lang="${escapeHtml(content)}">`
  return (props) => {
    const bodyHtml = opening ? `${opening}${props.bodyHtml}</div>` : props.bodyHtml
    const html = layout({
      subject: props.subject,
      preheader: props.bodyText
        .replace(/[#*_>`[\]]/g, '')
        .replace(/\s+/g, ' ')
        .slice(0, 120),
      organizationName: frame.organizationName,
      footerText: footer,
      unsubscribeUrl: props.unsubscribeUrl,
      bodyHtml,
      language,
    })
    const text = `${props.bodyText}${textFooter(footer, props.unsubscribeUrl, language)}`
    return { subject: props.subject, html, text }
  }
}

export function render(props: CampaignProps): RenderedEmail {
  return campaignRenderer(props)(props)
}
