import type { OutcomeUpdate } from '../app/domain/states'

/**
 * The Spanish versions of the signer updates (emails/outcome-updates.ts),
 * drafted beside the English ones as the message's Spanish version
 * (decision 040): signers who signed in Spanish get these. Written whole in
 * Spanish, with the terms of docs/glossary-es.md, not translated line by line.
 */
const despedida = `

Gracias por acompañar a {{ case.person_name }}.

{{ organization.name }}`

export const OUTCOME_TEMPLATES_ES: Record<OutcomeUpdate, { subject: string; body: string }> = {
  stayed: {
    subject: 'Suspendida la ejecución de {{ case.person_name }}',
    body: `Hola, {{ supporter.first_name }}:

Un tribunal ha suspendido la ejecución de {{ case.person_name }}. No es el
final: la suspensión puede levantarse y pueden fijar una nueva fecha.

La petición «{{ petition.title }}» sigue abierta y ya tiene
{{ petition.total_signatures }} firmas. Le escribiremos en cuanto haya
cualquier cambio.

[Ver la petición]({{ petition.url }})${despedida}`,
  },
  reprieved: {
    subject: 'Aplazada la ejecución de {{ case.person_name }}',
    body: `Hola, {{ supporter.first_name }}:

Se ha concedido un aplazamiento de la ejecución de {{ case.person_name }}.
Un aplazamiento retrasa la ejecución, pero no termina con el peligro: puede
llegar una nueva fecha.

La petición «{{ petition.title }}» sigue abierta y ya tiene
{{ petition.total_signatures }} firmas. Le escribiremos en cuanto haya
noticias.

[Ver la petición]({{ petition.url }})${despedida}`,
  },
  rescheduled: {
    subject: 'Nueva fecha para {{ case.person_name }}: {{ case.next_date }}',
    body: `Hola, {{ supporter.first_name }}:

La fecha de {{ case.person_name }} se ha cambiado al
**{{ case.next_date }}**, dentro de {{ case.days_left }} días.

Todavía hay tiempo. La petición «{{ petition.title }}» tiene
{{ petition.total_signatures }} firmas: pida a una persona más que firme
antes de la fecha.

[Compartir la petición]({{ petition.url }})${despedida}`,
  },
  commuted: {
    subject: 'Conmutada la pena de muerte de {{ case.person_name }}',
    body: `Hola, {{ supporter.first_name }}:

La pena de muerte de {{ case.person_name }} ha sido conmutada. Usted fue
una de las {{ petition.total_signatures }} personas que firmaron
«{{ petition.title }}», y su voz formó parte de esto.

La petición ya está cerrada.${despedida}`,
  },
  pardoned: {
    subject: '{{ case.person_name }} ha recibido el indulto',
    body: `Hola, {{ supporter.first_name }}:

{{ case.person_name }} ha recibido el indulto. Usted fue una de las
{{ petition.total_signatures }} personas que firmaron «{{ petition.title }}»,
y su voz formó parte de esto.

La petición ya está cerrada.${despedida}`,
  },
  exonerated: {
    subject: '{{ case.person_name }} ha sido exonerado',
    body: `Hola, {{ supporter.first_name }}:

{{ case.person_name }} ha sido exonerado. Usted fue una de las
{{ petition.total_signatures }} personas que firmaron «{{ petition.title }}»,
y su voz formó parte de esto.

La petición ya está cerrada.${despedida}`,
  },
  clemency_denied: {
    subject: 'Denegada la clemencia para {{ case.person_name }}',
    body: `Hola, {{ supporter.first_name }}:

Se ha denegado la clemencia para {{ case.person_name }}. La petición
«{{ petition.title }}» sigue abierta, con {{ petition.total_signatures }}
firmas, mientras se agotan todas las vías que quedan.

Compártala hoy con una persona más, por favor.

[Ver la petición]({{ petition.url }})${despedida}`,
  },
  executed: {
    subject: '{{ case.person_name }}',
    body: `Hola, {{ supporter.first_name }}:

Con el corazón roto le comunicamos que {{ case.person_name }} fue ejecutado.

{{ petition.total_signatures }} personas firmaron «{{ petition.title }}».
Gracias por ser una de ellas y por no mirar hacia otro lado. La petición ya
está cerrada.

{{ organization.name }}`,
  },
}
