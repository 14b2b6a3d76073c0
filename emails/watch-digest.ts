import { escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

export interface WatchDigestItem {
  personName: string
  jurisdiction: string
  /** "Execution date", "Clemency hearing" … */
  kind: string
  /** The date in the case's own time zone. */
  dateLabel: string
  daysLeft: number
  /** What is missing ("No call script" …); empty when nothing is. */
  flags: string[]
  url: string
}

export interface WatchDigestProps {
  name: string | null
  organizationName: string
  days: number
  items: WatchDigestItem[]
  watchUrl: string
}

function when(daysLeft: number): string {
  if (daysLeft <= 0) return 'today'
  if (daysLeft === 1) return 'tomorrow'
  return `in ${daysLeft} days`
}

/** The daily watch list to an organizer: the next dates, and what each still lacks. */
export function render(props: WatchDigestProps): RenderedEmail {
  const flagged = props.items.filter((i) => i.flags.length > 0).length
  const count = props.items.length
  const subject = `Watch list: ${count} date${count === 1 ? '' : 's'} in the next ${props.days} days${
    flagged ? ` (${flagged} need${flagged === 1 ? 's' : ''} attention)` : ''
  }`
  const footer = `You get this every morning as an organizer of ${props.organizationName} on Vigil. Turn it off on the watch list page.`
  const rows = props.items
    .map(
      (i) => `<tr><td style="padding:10px 0;border-bottom:1px solid #e6e1d6">
<a href="${escapeHtml(i.url)}" style="color:#8a1c1c;font-weight:bold">${escapeHtml(i.personName)}</a> <span style="color:#5c5c5c">(${escapeHtml(i.jurisdiction)})</span><br>
${escapeHtml(i.kind)}: ${escapeHtml(i.dateLabel)}, <strong>${when(i.daysLeft)}</strong>${
        i.flags.length
          ? `<br><span style="color:#8a1c1c">${i.flags.map(escapeHtml).join(' · ')}</span>`
          : ''
      }</td></tr>`,
    )
    .join('\n')
  const html = layout({
    subject,
    preheader: subject,
    organizationName: props.organizationName,
    footerText: footer,
    bodyHtml: `<p style="margin:0 0 16px">${props.name ? `Good morning, ${escapeHtml(props.name)}.` : 'Good morning.'} These are ${escapeHtml(props.organizationName)}&rsquo;s dates in the next ${props.days} days.</p>
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0">${rows}</table>
<p style="margin:16px 0 0"><a href="${escapeHtml(props.watchUrl)}" style="color:#8a1c1c">The whole watch list</a></p>`,
  })
  const lines = props.items.map(
    (i) =>
      `- ${i.personName} (${i.jurisdiction}): ${i.kind}, ${i.dateLabel}, ${when(i.daysLeft)}${
        i.flags.length ? `\n  ${i.flags.join(' · ')}` : ''
      }\n  ${i.url}`,
  )
  const text = `${props.name ? `Good morning, ${props.name}.` : 'Good morning.'} These are ${props.organizationName}'s dates in the next ${props.days} days.

${lines.join('\n')}

The whole watch list: ${props.watchUrl}${textFooter(footer)}`
  return { subject, html, text }
}
