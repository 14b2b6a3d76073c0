import { button, escapeHtml, layout, textFooter, type RenderedEmail } from './layout'

/**
 * To a petition's organizers when its count passes 25, 50, 75 or 100% of
 * its goal (decision 028): the count, and the two things worth doing now,
 * one click each: raise the goal, send the signers an update.
 */
export interface PetitionMilestoneProps {
  organizationName: string
  petitionTitle: string
  personName: string
  percent: number
  signatureCount: number
  goal: number
  /** The petition's dashboard page: raise the goal there in one click. */
  dashboardUrl: string
  /** A campaign draft to the signers, prefilled. */
  updateUrl: string
}

const number = (n: number) => n.toLocaleString('en-US')

export function render(props: PetitionMilestoneProps): RenderedEmail {
  const reached = props.percent >= 100 ? 'reached its goal' : `passed ${props.percent}% of its goal`
  const subject = `"${props.petitionTitle}" ${reached}`
  const count = `${number(props.signatureCount)} confirmed signatures of ${number(props.goal)}`
  const footer = `You are receiving this as an organizer of ${props.organizationName} on Vigil.`
  const html = layout({
    subject,
    preheader: `${count} for ${props.personName}.`,
    organizationName: props.organizationName,
    footerText: footer,
    bodyHtml: `<p style="margin:0 0 16px">The petition <strong>${escapeHtml(props.petitionTitle)}</strong> for ${escapeHtml(props.personName)} has ${escapeHtml(reached)}: <strong>${escapeHtml(count)}</strong>.</p>
<p style="margin:0 0 16px">${props.percent >= 100 ? 'Raise the goal to keep the momentum' : 'Tell the signers how far they have come'}: each is one click.</p>
${button(props.dashboardUrl, props.percent >= 75 ? 'Raise the goal' : 'Open the petition')}
<p style="margin:0 0 16px"><a href="${escapeHtml(props.updateUrl)}" style="color:#8a1c1c">Send a milestone update to the signers</a> (a draft you can edit before it goes).</p>`,
  })
  const text = `The petition "${props.petitionTitle}" for ${props.personName} has ${reached}: ${count}.

Raise the goal: ${props.dashboardUrl}
Send a milestone update to the signers (a draft you can edit first): ${props.updateUrl}${textFooter(footer)}`
  return { subject, html, text }
}
