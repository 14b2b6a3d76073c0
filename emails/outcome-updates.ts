import type { OutcomeUpdate } from '../app/domain/states'

/**
 * The signer updates Vigil drafts when a case's outcome changes: subject and
 * body in Markdown with the contract's merge fields, sent through the
 * campaign layout (emails/campaign.ts) like any message an organizer
 * writes, and editable as one before it goes. Every field used here exists
 * for every signer of a petition; `case.next_date` only where the outcome
 * brings a date (a new date), and a template whose date is missing is
 * refused when drafted rather than sent with a blank.
 */
export interface OutcomeTemplate {
  subject: string
  body: string
  /** Fields this template needs beyond those every petition has. */
  needsNextDate: boolean
}

const signOff = `

Thank you for standing with {{ case.person_name }}.

{{ organization.name }}`

export const OUTCOME_TEMPLATES: Record<OutcomeUpdate, OutcomeTemplate> = {
  stayed: {
    subject: 'A stay for {{ case.person_name }}',
    body: `Dear {{ supporter.first_name }},

A court has stayed the execution of {{ case.person_name }}. This is not the
end: a stay can be lifted, and a new date can be set.

The petition "{{ petition.title }}" stays open, with
{{ petition.total_signatures }} signatures so far. We will write again the
moment anything changes.

[See the petition]({{ petition.url }})${signOff}`,
    needsNextDate: false,
  },
  reprieved: {
    subject: 'A reprieve for {{ case.person_name }}',
    body: `Dear {{ supporter.first_name }},

{{ case.person_name }} has been granted a reprieve. A reprieve delays an
execution; it does not end the danger, and a new date may follow.

The petition "{{ petition.title }}" stays open, with
{{ petition.total_signatures }} signatures so far. We will write again as
soon as there is news.

[See the petition]({{ petition.url }})${signOff}`,
    needsNextDate: false,
  },
  rescheduled: {
    subject: 'New date for {{ case.person_name }}: {{ case.next_date }}',
    body: `Dear {{ supporter.first_name }},

The date for {{ case.person_name }} has been moved to
**{{ case.next_date }}**, {{ case.days_left }} days from today.

There is still time. The petition "{{ petition.title }}" has
{{ petition.total_signatures }} signatures; please ask one more person to
sign before the date.

[Share the petition]({{ petition.url }})${signOff}`,
    needsNextDate: true,
  },
  commuted: {
    subject: "{{ case.person_name }}'s sentence has been commuted",
    body: `Dear {{ supporter.first_name }},

{{ case.person_name }}'s death sentence has been commuted. You were one of
{{ petition.total_signatures }} people who signed "{{ petition.title }}",
and your voice was part of this.

The petition is now closed.${signOff}`,
    needsNextDate: false,
  },
  pardoned: {
    subject: '{{ case.person_name }} has been pardoned',
    body: `Dear {{ supporter.first_name }},

{{ case.person_name }} has been pardoned. You were one of
{{ petition.total_signatures }} people who signed "{{ petition.title }}",
and your voice was part of this.

The petition is now closed.${signOff}`,
    needsNextDate: false,
  },
  exonerated: {
    subject: '{{ case.person_name }} has been exonerated',
    body: `Dear {{ supporter.first_name }},

{{ case.person_name }} has been exonerated. You were one of
{{ petition.total_signatures }} people who signed "{{ petition.title }}",
and your voice was part of this.

The petition is now closed.${signOff}`,
    needsNextDate: false,
  },
  clemency_denied: {
    subject: 'Clemency denied for {{ case.person_name }}',
    body: `Dear {{ supporter.first_name }},

Clemency has been denied for {{ case.person_name }}. The petition
"{{ petition.title }}" remains open, with {{ petition.total_signatures }}
signatures, while every remaining avenue is pursued.

Please share it with one more person today.

[See the petition]({{ petition.url }})${signOff}`,
    needsNextDate: false,
  },
  executed: {
    subject: '{{ case.person_name }}',
    body: `Dear {{ supporter.first_name }},

We are heartbroken to tell you that {{ case.person_name }} was executed.

{{ petition.total_signatures }} people signed "{{ petition.title }}". Thank
you for being one of them, and for refusing to look away. The petition is now
closed.

{{ organization.name }}`,
    needsNextDate: false,
  },
}
