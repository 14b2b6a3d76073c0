import { Form } from '@remix-run/react'
import { Field, type Errors } from '~/components/ui/field'

/**
 * The three ways to invalidate signatures in bulk: by IP address or range,
 * by email domain, by time window (in the case's time zone). Each is a
 * form of its own that works without JavaScript.
 */
export function ModerationForms({
  errorsFor,
  valuesFor,
  timeZone,
}: {
  errorsFor: (criterion: string) => Errors | undefined
  valuesFor: (criterion: string) => Record<string, string>
  timeZone: string
}) {
  return (
    <div className="dash-grid dash-grid--3">
      <Form method="post" noValidate className="panel">
        <h3>By IP address or range</h3>
        <input type="hidden" name="intent" value="invalidate" />
        <input type="hidden" name="criterion" value="ip" />
        <Field
          name="cidr"
          idPrefix="mod"
          label="IP or CIDR"
          hint="203.0.113.7 or 203.0.113.0/24"
          errors={errorsFor('ip')}
        >
          {(p) => <input {...p} defaultValue={valuesFor('ip').cidr} className="mono" />}
        </Field>
        <button className="button" type="submit">
          Invalidate
        </button>
      </Form>
      <Form method="post" noValidate className="panel">
        <h3>By email domain</h3>
        <input type="hidden" name="intent" value="invalidate" />
        <input type="hidden" name="criterion" value="domain" />
        <Field
          name="domain"
          idPrefix="mod"
          label="Domain"
          hint="e.g. mailinator.com"
          errors={errorsFor('domain')}
        >
          {(p) => <input {...p} defaultValue={valuesFor('domain').domain} />}
        </Field>
        <button className="button" type="submit">
          Invalidate
        </button>
      </Form>
      <Form method="post" noValidate className="panel">
        <h3>By time window</h3>
        <input type="hidden" name="intent" value="invalidate" />
        <input type="hidden" name="criterion" value="window" />
        <Field
          name="from"
          idPrefix="mod"
          label="From"
          hint={`In ${timeZone}.`}
          errors={errorsFor('window')}
        >
          {(p) => <input {...p} type="datetime-local" defaultValue={valuesFor('window').from} />}
        </Field>
        <Field name="to" idPrefix="mod" label="Until (not included)" errors={errorsFor('window')}>
          {(p) => <input {...p} type="datetime-local" defaultValue={valuesFor('window').to} />}
        </Field>
        <button className="button" type="submit">
          Invalidate
        </button>
      </Form>
    </div>
  )
}
