import { button, escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

/**
 * An outreach to an official: the organizer's letter (merged and sanitized
 * by app/utils/templates.server.ts), then the petition it delivers: its
 * title and text, the count at the moment of sending against the goal, the
 * case, and a link. No List-Unsubscribe: the official is not a supporter,
 * and replies go to the organizer.
 */
export interface OutreachProps {
  subject: string
  /** Sanitized HTML of the organizer's Markdown. */
  bodyHtml: string
  /** The organizer's Markdown with merge values: readable as it is. */
  bodyText: string
  organizationName: string
  /** Who replies reach. */
  organizerName: string | null
  petition: {
    title: string
    /** Sanitized HTML of the petition's Markdown. */
    bodyHtml: string
    bodyText: string
    url: string
    /** The count when this copy was sent. */
    signatureCount: number
    goal: number
    /** Counted signers within the case's jurisdiction; null where Vigil cannot tell. */
    inJurisdiction?: { count: number; label: string } | null
  }
  case: {
    personName: string
    caseNumber: string | null
    jurisdiction: string
    /** e.g. "Thursday, December 3, 2026, 6:00 PM CST", or null. */
    nextDate: string | null
    /** What the date is, e.g. "Execution date". */
    nextDateLabel: string
  }
  /** The attached file's name, when the signers are attached. */
  attachmentName: string | null
  /**
   * The delivery packet (PDF): attached under `filename`, or, too large to
   * attach, at a signed `link` (with when it stops working, in words).
   */
  packet?: { filename: string; link: { url: string; until: string; size: string } | null } | null
}

const number = (n: number) => n.toLocaleString('en-US')

function caseLines(c: OutreachProps['case']): [string, string][] {
  return [
    ['Person', c.personName],
    ...(c.caseNumber ? [['Case number', c.caseNumber] as [string, string]] : []),
    ['Jurisdiction', c.jurisdiction],
    ...(c.nextDate ? [[c.nextDateLabel, c.nextDate] as [string, string]] : []),
  ]
}

function packetHtml(packet: OutreachProps['packet']): string {
  if (!packet) return ''
  if (!packet.link)
    return `<p>The delivery packet to print (the petition and its signers by state) is attached as ${escapeHtml(packet.filename)}.</p>`
  return `<p>The delivery packet to print (the petition and its signers by state, ${escapeHtml(packet.link.size)}) is too large to attach: <a href="${escapeHtml(packet.link.url)}">download the delivery packet</a> (the link works until ${escapeHtml(packet.link.until)}).</p>`
}

export function render(props: OutreachProps): RenderedEmail {
  const p = props.petition
  const count = `${number(p.signatureCount)} confirmed ${p.signatureCount === 1 ? 'signature' : 'signatures'} (goal: ${number(p.goal)})`
  // Officials weigh their own constituents most: the count within the jurisdiction, where known.
  const within = p.inJurisdiction
    ? `${number(p.inJurisdiction.count)} of them in ${p.inJurisdiction.label}`
    : null
  const replyTo = props.organizerName ? `${props.organizerName} at ` : ''
  const footer = `Sent by ${props.organizationName} to deliver the petition "${p.title}". A reply reaches ${replyTo}${props.organizationName}.`
  const attachment = props.attachmentName
    ? `The signers (names, localities and comments) are attached as ${props.attachmentName}.`
    : null
  const packet = props.packet
    ? props.packet.link
      ? `The delivery packet to print (the petition and its signers by state, ${props.packet.link.size}) is too large to attach: download it at ${props.packet.link.url} (the link works until ${props.packet.link.until}).`
      : `The delivery packet to print (the petition and its signers by state) is attached as ${props.packet.filename}.`
    : null
  const rows = caseLines(props.case)
    .map(
      ([label, value]) =>
        `<tr><td style="padding:2px 12px 2px 0;color:#5c5c5c;vertical-align:top">${escapeHtml(label)}</td><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`,
    )
    .join('')
  const petitionHtml = `<hr style="border:0;border-top:1px solid #e6e1d6;margin:28px 0">
<p style="margin:0 0 4px;font-family:Arial,sans-serif;font-size:13px;color:#5c5c5c">The petition</p>
<h2 style="margin:0 0 12px;font-size:21px;line-height:1.3">${escapeHtml(p.title)}</h2>
<p style="margin:0 0 16px;font-size:19px"><strong>${escapeHtml(count)}</strong>${within ? `<br><span style="font-size:16px">${escapeHtml(within)}</span>` : ''}</p>
<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5;margin:0 0 16px">${rows}</table>
<div style="border-left:3px solid #e6e1d6;padding-left:16px">${p.bodyHtml}</div>
${attachment ? `<p>${escapeHtml(attachment)}</p>` : ''}
${packetHtml(props.packet)}
${button(p.url, 'Read the petition')}`
  const html = layout({
    subject: props.subject,
    preheader: `${count} on "${p.title}"`,
    organizationName: props.organizationName,
    footerText: footer,
    bodyHtml: `${props.bodyHtml}\n${petitionHtml}`,
  })
  const text = [
    props.bodyText,
    '',
    '----',
    'The petition',
    '',
    p.title,
    count,
    ...(within ? [within] : []),
    '',
    ...caseLines(props.case).map(([label, value]) => `${label}: ${value}`),
    '',
    p.bodyText,
    '',
    ...(attachment ? [attachment, ''] : []),
    ...(packet ? [packet, ''] : []),
    `Read the petition: ${p.url}`,
  ].join('\n')
  return { subject: props.subject, html, text: `${text}${textFooter(footer)}` }
}
