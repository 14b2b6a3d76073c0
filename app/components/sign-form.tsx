import { Form, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorSummary, Field } from '~/components/ui/field'
import { COUNTRIES } from '~/validation/countries'
import { COMMENT_MAX } from '~/validation/signature-fields'

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
  letterLang,
  consentText,
  countryNames,
  source = null,
  compact = false,
  partners = [],
}: {
  values?: SignValues
  errors?: SignErrors
  letterDefault: string | null
  /** The letter's language where it is not the page's (no Spanish letter yet). */
  letterLang?: string
  consentText: string
  /** Country names in the page's language (null: English, as listed). */
  countryNames?: Record<string, string> | null
  source?: string | null
  compact?: boolean
  /** Active partner organizations: one unticked consent box each (`subscribe_partner`, decision 043). */
  partners?: { id: string; name: string }[]
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const pending = navigation.state !== 'idle' && navigation.formMethod?.toUpperCase() === 'POST'
  const letter =
    letterDefault !== null ? (
      <Field
        idPrefix="sign"
        name="letter"
        label={t('sign.letter')}
        errors={errors}
        hint={t('sign.letter_hint')}
      >
        {(p) => (
          <textarea
            {...p}
            name="letter"
            rows={6}
            maxLength={5000}
            lang={values.letter === undefined ? letterLang : undefined}
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
      <h2 id="sign-heading">{t('sign.heading')}</h2>
      <ErrorSummary errors={errors} />
      <input type="hidden" name="source" value={values.source ?? source ?? ''} />
      <Field idPrefix="sign" name="name" label={t('sign.name')} errors={errors}>
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
        label={t('sign.email')}
        errors={errors}
        hint={t('sign.email_hint')}
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
        <Field idPrefix="sign" name="postalCode" label={t('sign.postal_code')} errors={errors}>
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
        <Field idPrefix="sign" name="country" label={t('sign.country')} errors={errors}>
          {(p) => (
            <select
              {...p}
              name="country"
              autoComplete="country"
              defaultValue={values.country || 'US'}
            >
              {COUNTRIES.map((c) => (
                <option key={c.code} value={c.code}>
                  {countryNames?.[c.code] ?? c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field idPrefix="sign" name="locality" label={t('sign.locality')} errors={errors}>
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
          <summary>{t('sign.letter_summary')}</summary>
          {letter}
        </details>
      ) : (
        letter
      )}
      {compact ? null : (
        <Field idPrefix="sign" name="comment" label={t('sign.comment')} errors={errors}>
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
        <label htmlFor="sign-public">{t('sign.public')}</label>
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
      {partners.map((p) => (
        <div className="check" key={p.id}>
          <input
            id={`sign-partner-${p.id}`}
            type="checkbox"
            name="subscribe_partner"
            value={p.id}
            defaultChecked={(values.subscribe_partner ?? '').split(',').includes(p.id)}
          />
          <label htmlFor={`sign-partner-${p.id}`}>
            {t('sign.consent', { organization: p.name })}
          </label>
        </div>
      ))}
      <div className="hp" aria-hidden="true">
        <label htmlFor="sign-website">{t('sign.honeypot')}</label>
        <input id="sign-website" name="website" tabIndex={-1} autoComplete="off" />
      </div>
      <button type="submit" className="button button--primary button--block" disabled={pending}>
        {pending ? t('sign.pending') : t('sign.submit')}
      </button>
      <p className="fine-print" aria-live="polite">
        {pending ? t('sign.sending') : t('sign.never_shown')}
      </p>
    </Form>
  )
}
