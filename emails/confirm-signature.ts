import { translator } from '../app/utils/i18n'
import { button, escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

export interface ConfirmSignatureProps {
  name: string
  petitionTitle: string
  personName: string
  organizationName: string
  confirmUrl: string
  unsubscribeUrl: string
  expiresInDays: number
  /** The language they signed in. */
  language?: string
}

export function render(props: ConfirmSignatureProps): RenderedEmail {
  const language = props.language ?? 'en'
  const t = translator(language)
  const title = props.petitionTitle
  const subject = t('mail.confirm.subject', { title })
  const footer = t('mail.confirm.footer', { title })
  const html = layout({
    subject,
    language,
    preheader: t('mail.confirm.preheader', { person: props.personName }),
    organizationName: props.organizationName,
    footerText: footer,
    unsubscribeUrl: props.unsubscribeUrl,
    bodyHtml: `<p style="margin:0 0 16px">${escapeHtml(t('mail.dear', { name: props.name }))}</p>
<p style="margin:0 0 16px">${bold(t('mail.confirm.thanks', { title: MARK }), title)}</p>
${button(props.confirmUrl, t('mail.confirm.button'))}
<p style="margin:0 0 16px;font-size:15px;color:#5c5c5c">${escapeHtml(t('mail.confirm.or_open'))} <a href="${escapeHtml(props.confirmUrl)}" style="color:#8a1c1c;word-break:break-all;overflow-wrap:anywhere">${escapeHtml(props.confirmUrl)}</a><br>${escapeHtml(t('mail.confirm.works_for', { days: props.expiresInDays }))}</p>`,
  })
  const text = `${t('mail.dear', { name: props.name })}

${t('mail.confirm.text_thanks', { title })}

${props.confirmUrl}

${t('mail.confirm.text_works_for', { days: props.expiresInDays })}${textFooter(footer, props.unsubscribeUrl, language)}`
  return { subject, html, text }
}

const MARK = '\u0001'

/** A translated sentence, escaped, with its one value in bold where the language puts it. */
export function bold(sentence: string, value: string): string {
  return sentence
    .split(MARK)
    .map(escapeHtml)
    .join(`<strong>${escapeHtml(value)}</strong>`)
}

export { MARK }
