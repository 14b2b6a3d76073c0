import { button, escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

export interface ConfirmSignatureProps {
  name: string
  petitionTitle: string
  personName: string
  organizationName: string
  confirmUrl: string
  unsubscribeUrl: string
  expiresInDays: number
}

export function render(props: ConfirmSignatureProps): RenderedEmail {
  const subject = `Please confirm your signature: ${props.petitionTitle}`
  const footer = `You are receiving this because this address was used to sign "${props.petitionTitle}". If it was not you, ignore this message and nothing will be counted.`
  const html = layout({
    subject,
    preheader: `One click to count your signature for ${props.personName}.`,
    organizationName: props.organizationName,
    footerText: footer,
    unsubscribeUrl: props.unsubscribeUrl,
    bodyHtml: `<p style="margin:0 0 16px">Dear ${escapeHtml(props.name)},</p>
<p style="margin:0 0 16px">Thank you for signing <strong>${escapeHtml(props.petitionTitle)}</strong>. Your signature counts only once you confirm this address.</p>
${button(props.confirmUrl, 'Confirm my signature')}
<p style="margin:0 0 16px;font-size:15px;color:#5c5c5c">Or open this link: <a href="${escapeHtml(props.confirmUrl)}" style="color:#8a1c1c;word-break:break-all;overflow-wrap:anywhere">${escapeHtml(props.confirmUrl)}</a><br>It works for ${props.expiresInDays} days.</p>`,
  })
  const text = `Dear ${props.name},

Thank you for signing "${props.petitionTitle}". Your signature counts only once you confirm this address:

${props.confirmUrl}

The link works for ${props.expiresInDays} days.${textFooter(footer, props.unsubscribeUrl)}`
  return { subject, html, text }
}
