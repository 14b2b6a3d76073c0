import { button, escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

export interface WebhookPausedProps {
  organizationName: string
  url: string
  failingSince: string
  lastError: string | null
  pending: number
  webhookUrl: string
}

/** To an organization's admins: one of its webhooks failed for a day and was paused. */
export function render(props: WebhookPausedProps): RenderedEmail {
  const subject = `A webhook of ${props.organizationName} was paused`
  const footer = `You are receiving this because you are an admin of ${props.organizationName} on Vigil.`
  const waiting =
    props.pending === 1
      ? '1 delivery waits for it'
      : `${props.pending.toLocaleString('en-US')} deliveries wait for it`
  const why = props.lastError ? `The last attempt failed with: ${props.lastError}` : ''
  const html = layout({
    subject,
    preheader: `${props.url} has not accepted a delivery since ${props.failingSince}.`,
    organizationName: props.organizationName,
    footerText: footer,
    bodyHtml: `<p style="margin:0 0 16px">Vigil could not deliver to <strong>${escapeHtml(props.url)}</strong> since ${escapeHtml(props.failingSince)}, so it stopped trying: the webhook is paused, and ${waiting}.</p>
${why ? `<p style="margin:0 0 16px">${escapeHtml(why)}</p>` : ''}
<p style="margin:0 0 16px">Once the receiver works again, resume the webhook: what waited is sent then.</p>
${button(props.webhookUrl, 'See the delivery log')}`,
  })
  const text = `Vigil could not deliver to ${props.url} since ${props.failingSince}, so it stopped trying: the webhook is paused, and ${waiting}.
${why ? `\n${why}\n` : ''}
Once the receiver works again, resume the webhook: what waited is sent then.

${props.webhookUrl}${textFooter(footer)}`
  return { subject, html, text }
}
