import { render as renderCampaign } from '../../emails/campaign'
import type { RenderedEmail } from '../../emails/layout'
import { compileMessage, renderMessage, SAMPLE_CONTEXT } from '../../app/mail/templates.server'

/** The campaign both sides of the benchmark send: a realistic organizer's message. */
export const BENCH_TEMPLATE = {
  subject: '{{ case.days_left }} days left for {{ case.person_name }}',
  body: `Dear {{ supporter.first_name }},

Thank you for signing **{{ petition.title }}**. Together we are
{{ petition.total_signatures }} people asking for mercy, and {{ case.next_date }}
is close.

Two things would help now:

- Ask two friends to sign: {{ petition.url }}
- Call the governor's office and ask, politely, for a reprieve.

With gratitude,
{{ organization.name }}`,
}

/** The same message merged once with sample data: what the raw baseline sends to everyone. */
export function benchCampaignMail(): RenderedEmail {
  const merged = renderMessage(compileMessage(BENCH_TEMPLATE), SAMPLE_CONTEXT)
  return renderCampaign({
    ...merged,
    organizationName: 'Bench Advocacy Project',
    petitionTitle: SAMPLE_CONTEXT.petition.title,
    unsubscribeUrl: 'http://127.0.0.1/unsubscribe/raw',
  })
}
