import { button, escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

export interface AlreadySignedProps {
  name: string
  petitionTitle: string
  petitionUrl: string
  organizationName: string
  unsubscribeUrl: string
}

export function render(props: AlreadySignedProps): RenderedEmail {
  const subject = `You have already signed: ${props.petitionTitle}`
  const footer = `You are receiving this because this address was used again to sign "${props.petitionTitle}".`
  const html = layout({
    subject,
    preheader: 'Your signature is already counted. Here is how to help further.',
    organizationName: props.organizationName,
    footerText: footer,
    unsubscribeUrl: props.unsubscribeUrl,
    bodyHtml: `<p style="margin:0 0 16px">Dear ${escapeHtml(props.name)},</p>
<p style="margin:0 0 16px">You have already signed <strong>${escapeHtml(props.petitionTitle)}</strong> and confirmed your address, so your signature is counted. Nothing more is needed.</p>
<p style="margin:0 0 16px">The most useful thing now is to ask others to sign before the date.</p>
${button(props.petitionUrl, 'See the petition')}`,
  })
  const text = `Dear ${props.name},

You have already signed "${props.petitionTitle}" and confirmed your address, so your signature is counted. Nothing more is needed.

The most useful thing now is to ask others to sign before the date:
${props.petitionUrl}${textFooter(footer, props.unsubscribeUrl)}`
  return { subject, html, text }
}
