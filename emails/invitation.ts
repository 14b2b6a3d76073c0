import { button, escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

export interface InvitationProps {
  organizationName: string
  inviterName: string | null
  role: 'admin' | 'organizer'
  acceptUrl: string
  expiresInDays: number
}

export function render(props: InvitationProps): RenderedEmail {
  const subject = `Join ${props.organizationName} on Vigil`
  const who = props.inviterName ? `${props.inviterName} has invited you` : 'You have been invited'
  const as = props.role === 'admin' ? 'an admin' : 'an organizer'
  const footer = `You are receiving this because an admin of ${props.organizationName} invited this address. If you did not expect it, ignore this message and nothing happens.`
  const html = layout({
    subject,
    preheader: `${who} to work on ${props.organizationName}'s campaigns.`,
    organizationName: props.organizationName,
    footerText: footer,
    bodyHtml: `<p style="margin:0 0 16px">Hello,</p>
<p style="margin:0 0 16px">${escapeHtml(who)} to join <strong>${escapeHtml(props.organizationName)}</strong> on Vigil as ${as}. Accept to set your name and password.</p>
${button(props.acceptUrl, 'Accept the invitation')}
<p style="margin:0 0 16px;font-size:15px;color:#5c5c5c">Or open this link: <a href="${escapeHtml(props.acceptUrl)}" style="color:#8a1c1c;word-break:break-all;overflow-wrap:anywhere">${escapeHtml(props.acceptUrl)}</a><br>It works for ${props.expiresInDays} days.</p>`,
  })
  const text = `Hello,

${who} to join ${props.organizationName} on Vigil as ${as}. Accept to set your name and password:

${props.acceptUrl}

The link works for ${props.expiresInDays} days.${textFooter(footer)}`
  return { subject, html, text }
}
