import { Form } from '@remix-run/react'
import { ErrorSummary, Field, type Errors } from '~/components/ui/field'
import type { MessageStatus } from '~/domain/states'
import { TimeZoneOptions } from '~/components/ui/time-zone-options'

/**
 * When to send a message, without JavaScript: now, at a wall-clock time in
 * a time zone, or hours before the case's date (following it when it
 * moves). A scheduled message's form changes its time.
 */
export function MessageSendForm({
  status,
  hoursBeforeDeadline,
  errors,
  scheduleDefault,
  timeZone,
  timeZones,
  deadline,
  reach,
}: {
  status: MessageStatus
  hoursBeforeDeadline: number | null
  errors: Errors | undefined
  scheduleDefault: string
  timeZone: string
  timeZones: string[]
  deadline: { personName: string; at: string } | null
  /** How many it would reach now (null once fanned out). */
  reach: number | null
}) {
  return (
    <section className="panel" aria-labelledby="send-heading">
      <h2 id="send-heading">Send</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="send" />
        <ErrorSummary errors={errors} />
        <fieldset
          className={`fieldset${errors?.when ? ' field--error' : ''}`}
          aria-describedby={errors?.when ? 'when-error' : undefined}
        >
          <legend>When</legend>
          {errors?.when ? (
            <p className="field__error" id="when-error">
              {errors.when.join(' ')}
            </p>
          ) : null}
          <label className="check">
            <input type="radio" name="when" value="now" defaultChecked={status === 'draft'} />
            <span>Now</span>
          </label>
          {reach !== null ? (
            <div className={`check${errors?.confirm ? ' field--error' : ''}`}>
              <input
                id="send-confirm"
                type="checkbox"
                name="confirm"
                aria-describedby={errors?.confirm ? 'send-confirm-error' : undefined}
              />
              <label htmlFor="send-confirm">
                {reach === 0
                  ? 'Send it now even though nobody would receive it: no one subscribed is in its audience (0 people).'
                  : `Yes, send it now to ${reach.toLocaleString('en-US')} ${reach === 1 ? 'person' : 'people'}.`}
              </label>
              {errors?.confirm ? (
                <p className="field__error" id="send-confirm-error">
                  {errors.confirm.join(' ')}
                </p>
              ) : null}
            </div>
          ) : null}
          <label className="check">
            <input
              type="radio"
              name="when"
              value="later"
              defaultChecked={status === 'scheduled' && hoursBeforeDeadline === null}
            />
            <span>At this time:</span>
          </label>
          <Field name="scheduledAt" label="Date and time" errors={errors}>
            {(p) => <input {...p} type="datetime-local" defaultValue={scheduleDefault} />}
          </Field>
          <Field name="timeZone" label="Time zone" errors={errors}>
            {(p) => (
              <select {...p} defaultValue={timeZone}>
                <TimeZoneOptions zones={timeZones} />
              </select>
            )}
          </Field>
          <label className="check">
            <input
              type="radio"
              name="when"
              value="deadline"
              defaultChecked={status === 'scheduled' && hoursBeforeDeadline !== null}
            />
            <span>Hours before the case&rsquo;s date, following it when it moves:</span>
          </label>
          <Field
            name="hoursBeforeDeadline"
            label="Hours before the deadline"
            errors={errors}
            hint={
              deadline
                ? `${deadline.personName}: ${deadline.at}. Cancelled if the case is resolved.`
                : 'The petitions must be of one case; without a date yet, it waits for one.'
            }
          >
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={0}
                max={2160}
                defaultValue={String(hoursBeforeDeadline ?? 48)}
              />
            )}
          </Field>
        </fieldset>
        <button type="submit" className="button button--primary">
          {status === 'scheduled' ? 'Change the time' : 'Send'}
        </button>
      </Form>
    </section>
  )
}
