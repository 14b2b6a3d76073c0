import { translator } from '../app/utils/i18n'
import { bold, MARK } from './confirm-signature'
import { button, escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

export interface AlreadySignedProps {
  name: string
  petitionTitle: string
  petitionUrl: string
  organizationName: string
  unsubscribeUrl: string
  /** The language they signed in. */
  language?: string
}

export function render(props: AlreadySignedProps): RenderedEmail {
  const language = props.language ?? 'en'
  const t = translator(language)
  const title = props.petitionTitle
  const subject = t('mail.already.subject', { title })
  const footer = t('mail.already.footer', { title })
  const html = layout({
    subject,
    language,
    preheader: t('mail.already.preheader'),
    organizationName: props.organizationName,
    footerText: footer,
    unsubscribeUrl: props.unsubscribeUrl,
    bodyHtml: `<p style="margin:0 0 16px">${escapeHtml(t('mail.dear', { name: props.name }))}</p>
<p style="margin:0 0 16px">${bold(t('mail.already.counted', { title: MARK }), title)}</p>
<p style="margin:0 0 16px">${escapeHtml(t('mail.already.share'))}</p>
${button(props.petitionUrl, t('mail.already.button'))}`,
  })
  const text = `${t('mail.dear', { name: props.name })}

${t('mail.already.counted', { title: `"${title}"` })}

${t('mail.already.share')}
${props.petitionUrl}${textFooter(footer, props.unsubscribeUrl, language)}`
  return { subject, html, text }
}
