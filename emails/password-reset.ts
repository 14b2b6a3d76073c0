import { button, escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

export interface PasswordResetProps {
  name: string | null
  resetUrl: string
  expiresInMinutes: number
}

export function render(props: PasswordResetProps): RenderedEmail {
  const subject = 'Reset your Vigil password'
  const greeting = props.name ? `Dear ${props.name},` : 'Hello,'
  const footer =
    'You are receiving this because someone asked to reset the password of the Vigil account with this address. If it was not you, ignore this message: your password stays as it is.'
  const html = layout({
    subject,
    preheader: `A link to choose a new password, valid for ${props.expiresInMinutes} minutes.`,
    organizationName: 'Vigil',
    footerText: footer,
    bodyHtml: `<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>
<p style="margin:0 0 16px">Use this button to choose a new password for your Vigil account. The link works once, for ${props.expiresInMinutes} minutes.</p>
${button(props.resetUrl, 'Choose a new password')}
<p style="margin:0 0 16px;font-size:15px;color:#5c5c5c">Or open this link: <a href="${escapeHtml(props.resetUrl)}" style="color:#8a1c1c;word-break:break-all;overflow-wrap:anywhere">${escapeHtml(props.resetUrl)}</a></p>`,
  })
  const text = `${greeting}

Use this link to choose a new password for your Vigil account. It works once, for ${props.expiresInMinutes} minutes:

${props.resetUrl}${textFooter(footer)}`
  return { subject, html, text }
}
