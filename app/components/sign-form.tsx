import { Form, useNavigation } from '@remix-run/react'
import { ErrorSummary, Field } from '~/components/ui/field'
import { COUNTRIES } from '~/validation/countries'
import { COMMENT_MAX } from '~/validation/signature'

export type SignValues = Partial<Record<string, string>>
export type SignErrors = Partial<Record<string, string[]>>

/**
 * The sign form: a plain POST that works without JavaScript. `source` (what
 * brought the signer, domain/sources.ts) rides in a hidden field that the
 * page cache fills per reader. `compact` (the embed) leaves the optional
 * comment out and folds the letter away; the fields and answers are the same.
 */
export function SignForm({
  values = {},
  errors,
  letterDefault,
  consentText,
  source = null,
  compact = false,
}: {
  values?: SignValues
  errors?: SignErrors
  letterDefault: string | null
  consentText: string
  source?: string | null
  compact?: boolean
}) {
  const navigation = useNavigation()
  const pending = navigation.state !== 'idle' && navigation.formMethod?.toUpperCase() === 'POST'
  const letter =
    letterDefault !== null ? (
      <Field
        idPrefix="sign"
        name="letter"
        label="Your letter to the officials"
        errors={errors}
        hint="Edit it to say it in your own words. Once you confirm your signature, it is delivered to the officials with your first name, last initial and town; never your email address."
      >
        {(p) => (
          <textarea
            {...p}
            name="letter"
            rows={6}
            maxLength={5000}
            defaultValue={values.letter ?? letterDefault}
          />
        )}
      </Field>
    ) : null
  return (
    <Form
      method="post"
      id="sign"
      className={compact ? 'sign-form sign-form--compact' : 'sign-form'}
      noValidate
      aria-labelledby="sign-heading"
      reloadDocument={compact}
    >
      <h2 id="sign-heading">Add your name</h2>
      <ErrorSummary errors={errors} />
      <input type="hidden" name="source" value={values.source ?? source ?? ''} />
      <Field idPrefix="sign" name="name" label="Full name" errors={errors}>
        {(p) => (
          <input
            {...p}
            name="name"
            autoComplete="name"
            required
            maxLength={100}
            defaultValue={values.name}
          />
        )}
      </Field>
      <Field
        idPrefix="sign"
        name="email"
        label="Email"
        errors={errors}
        hint="We send one email to confirm your signature."
      >
        {(p) => (
          <input
            {...p}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            required
            maxLength={254}
            defaultValue={values.email}
          />
        )}
      </Field>
      <div className="field-row">
        <Field idPrefix="sign" name="postalCode" label="Postal code" errors={errors}>
          {(p) => (
            <input
              {...p}
              name="postalCode"
              autoComplete="postal-code"
              required
              maxLength={12}
              defaultValue={values.postalCode}
            />
          )}
        </Field>
        <Field idPrefix="sign" name="country" label="Country" errors={errors}>
          {(p) => (
            <select
              {...p}
              name="country"
              autoComplete="country"
              defaultValue={values.country || 'US'}
            >
              {COUNTRIES.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field idPrefix="sign" name="locality" label="Town or city (optional)" errors={errors}>
        {(p) => (
          <input
            {...p}
            name="locality"
            autoComplete="address-level2"
            maxLength={100}
            defaultValue={values.locality}
          />
        )}
      </Field>
      {compact && letter ? (
        <details open={!!errors?.letter}>
          <summary>Read or edit the letter sent with your name</summary>
          {letter}
        </details>
      ) : (
        letter
      )}
      {compact ? null : (
        <Field
          idPrefix="sign"
          name="comment"
          label="Why are you signing? (optional)"
          errors={errors}
        >
          {(p) => (
            <textarea
              {...p}
              name="comment"
              rows={3}
              maxLength={COMMENT_MAX}
              defaultValue={values.comment}
            />
          )}
        </Field>
      )}
      <div className="check">
        <input
          id="sign-public"
          type="checkbox"
          name="public"
          defaultChecked={values.public === 'on'}
        />
        <label htmlFor="sign-public">Show my first name, last initial and town on this page</label>
      </div>
      <div className="check">
        <input
          id="sign-subscribe"
          type="checkbox"
          name="subscribe"
          defaultChecked={values.subscribe === 'on'}
        />
        <label htmlFor="sign-subscribe">{consentText}</label>
      </div>
      <div className="hp" aria-hidden="true">
        <label htmlFor="sign-website">Leave this empty</label>
        <input id="sign-website" name="website" tabIndex={-1} autoComplete="off" />
      </div>
      <button type="submit" className="button button--primary button--block" disabled={pending}>
        {pending ? 'Signing…' : 'Sign the petition'}
      </button>
      <p className="fine-print" aria-live="polite">
        {pending ? 'Sending your signature…' : 'Your email is never shown publicly.'}
      </p>
    </Form>
  )
}
