import { button, escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

/**
 * Signers' letters to one official, in one digest: each letter with the
 * signer's first name and last initial, locality and date (never an
 * address), the petition's current count and a link to it. A large digest
 * shows its first letters here and carries all of them as an attachment
 * (added by the composer, app/mail/letter-digest-mail.server.ts).
 */
export interface DigestLetter {
  /** First name and last initial. */
  signer: string
  locality: string | null
  /** Already formatted, e.g. "November 23, 2026". */
  date: string
  text: string
}

export interface LetterDigestProps {
  organizationName: string
  officialName: string
  officialTitle: string | null
  petitionTitle: string
  petitionUrl: string
  personName: string
  /** The petition's count now (confirmed signatures). */
  totalSignatures: number
  /** How many letters this digest carries; `letters` may be the first of them only. */
  letterCount: number
  letters: DigestLetter[]
  /** The attachment holding every letter, when not all are shown inline. */
  attachmentName: string | null
  /** The case's next date, formatted, with its kind ("Execution date"). */
  deadline: { kind: string; date: string } | null
  /** The last digest before that date. */
  final: boolean
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

function paragraphsHtml(text: string): string {
  return text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n')
}

function byline(letter: DigestLetter): string {
  return [letter.signer, letter.locality, letter.date].filter(Boolean).join(' · ')
}

export function render(props: LetterDigestProps): RenderedEmail {
  const count = plural(props.letterCount, 'letter')
  const subject = `${count} from signers of "${props.petitionTitle}" about ${props.personName}`
  const greeting = props.officialTitle
    ? `Dear ${props.officialTitle} ${props.officialName},`
    : `Dear ${props.officialName},`
  const intro = `${props.organizationName} is forwarding ${count} written by ${props.letterCount === 1 ? 'someone' : 'people'} who signed the petition "${props.petitionTitle}" about ${props.personName}. The petition has ${plural(props.totalSignatures, 'confirmed signature')} so far.`
  const deadline = props.deadline
    ? `${props.deadline.kind}: ${props.deadline.date}.${props.final ? ' These are the letters that arrived before that date since the last delivery.' : ''}`
    : ''
  const shown = props.letters.length
  const rest =
    props.attachmentName && shown < props.letterCount
      ? `The first ${plural(shown, 'letter')} are shown here; all ${count} are in the attached file ${props.attachmentName}.`
      : ''
  const footer = `Signers of "${props.petitionTitle}" asked ${props.organizationName} to deliver their letters to you. They are sent together in one message, not one message per signer. Signers' email addresses are not shared.`

  const lettersHtml = props.letters
    .map(
      (l) => `<div style="border-left:3px solid #e6e1d6;padding:2px 0 2px 16px;margin:0 0 24px">
<p style="margin:0 0 8px;font-family:Arial,sans-serif;font-size:14px;color:#5c5c5c">${escapeHtml(byline(l))}</p>
${paragraphsHtml(l.text)}
</div>`,
    )
    .join('\n')
  const html = layout({
    subject,
    preheader: `${count} from people who signed "${props.petitionTitle}".`,
    organizationName: props.organizationName,
    footerText: footer,
    bodyHtml: `<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>
<p style="margin:0 0 16px">${escapeHtml(intro)}</p>
${deadline ? `<p style="margin:0 0 16px"><strong>${escapeHtml(deadline)}</strong></p>` : ''}
${rest ? `<p style="margin:0 0 24px">${escapeHtml(rest)}</p>` : ''}
${lettersHtml}
${rest ? `<p style="margin:0 0 16px">${escapeHtml(rest)}</p>` : ''}
${button(props.petitionUrl, 'Read the petition')}`,
  })

  const lettersText = props.letters
    .map((l) => `${byline(l)}\n\n${l.text.trim()}`)
    .join('\n\n----------------------------------------\n\n')
  const text = `${greeting}

${intro}
${deadline ? `\n${deadline}\n` : ''}${rest ? `\n${rest}\n` : ''}
----------------------------------------

${lettersText}

----------------------------------------
${rest ? `\n${rest}\n` : ''}
Read the petition: ${props.petitionUrl}${textFooter(footer)}`
  return { subject, html, text }
}
