import { layout, textFooter, type RenderedEmail } from './layout'

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
}

export function render(props: CampaignProps): RenderedEmail {
  const footer = `You are receiving this because you signed "${props.petitionTitle}" and asked ${props.organizationName} to keep you informed.`
  const html = layout({
    subject: props.subject,
    preheader: props.bodyText
      .replace(/[#*_>`[\]]/g, '')
      .replace(/\s+/g, ' ')
      .slice(0, 120),
    organizationName: props.organizationName,
    footerText: footer,
    unsubscribeUrl: props.unsubscribeUrl,
    bodyHtml: props.bodyHtml,
  })
  const text = `${props.bodyText}${textFooter(footer, props.unsubscribeUrl)}`
  return { subject: props.subject, html, text }
}
