import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { CALL_OUTCOMES } from '~/domain/states'
import type { Language } from '~/utils/i18n'
import type { Errors } from './ui/field'

export interface CallOfficeView {
  id: string
  name: string
  title: string | null
  office: string | null
  phone: string
  tel: string
  officeHours: string | null
  zoneName: string | null
  status: string | null
  open: boolean | null
  script: { html: string; language: Language }
}

/**
 * One office on the call page: its number as a tel: link, whether it is
 * open in its own time zone, the script, and the form that logs the call
 * (a plain post: works without JavaScript).
 */
export function CallOffice({
  office,
  accepting,
  errors,
  values,
  logged,
}: {
  office: CallOfficeView
  accepting: boolean
  /** This office's form came back with errors. */
  errors?: Errors
  values?: Record<string, string>
  /** A call to this office was just logged. */
  logged: boolean
}) {
  const id = `office-${office.id}`
  const { t, i18n } = useTranslation()
  return (
    <section className="panel call-office" id={id} aria-labelledby={`${id}-name`}>
      <h2 id={`${id}-name`}>
        {office.name}
        {office.title ? <span className="muted">, {office.title}</span> : null}
      </h2>
      {office.office ? <p className="muted call-office__where">{office.office}</p> : null}
      <p>
        <a className="button button--primary call-office__tel" href={office.tel}>
          {t('call.call_number', { phone: office.phone })}
        </a>
      </p>
      <p
        className={`call-office__status${office.open === true ? ' call-office__status--open' : ''}`}
      >
        {office.status ?? t('call.hours_unknown')}
      </p>
      {office.officeHours ? (
        <p className="muted small">
          {office.zoneName ? t('call.hours_in', { zone: office.zoneName }) : t('call.hours')}
          <code>{office.officeHours}</code>
        </p>
      ) : null}
      <details className="call-office__script" open>
        <summary>{t('call.what_to_say')}</summary>
        <div
          className="prose"
          // The organizer's script is English; Vigil's default is in the reader's language.
          lang={office.script.language === i18n.language ? undefined : office.script.language}
          dangerouslySetInnerHTML={{ __html: office.script.html }}
        />
      </details>
      {logged ? (
        <p className="notice" role="status" id={`${id}-thanks`}>
          {t('call.logged')}
        </p>
      ) : null}
      {accepting ? (
        <Form method="post" className="call-office__log" noValidate>
          <input type="hidden" name="official_id" value={office.id} />
          {errors?.form || errors?.official_id ? (
            <p className="field__error">
              {[...(errors.form ?? []), ...(errors.official_id ?? [])].join(' ')}
            </p>
          ) : null}
          <fieldset
            className={`fieldset${errors?.outcome ? ' field--error' : ''}`}
            aria-describedby={errors?.outcome ? `${id}-outcome-error` : undefined}
          >
            <legend>{t('call.how_did_it_go')}</legend>
            {CALL_OUTCOMES.map((outcome) => (
              <label key={outcome} className="check">
                <input
                  type="radio"
                  name="outcome"
                  value={outcome}
                  defaultChecked={values?.outcome === outcome}
                />
                <span>{t(`callOutcome.${outcome}`)}</span>
              </label>
            ))}
            {errors?.outcome ? (
              <p className="field__error" id={`${id}-outcome-error`}>
                {errors.outcome.join(' ')}
              </p>
            ) : null}
          </fieldset>
          <div className={`field${errors?.email ? ' field--error' : ''}`}>
            <label htmlFor={`${id}-email`}>{t('call.email')}</label>
            <p className="field__hint" id={`${id}-email-hint`}>
              {t('call.email_hint')}
            </p>
            <input
              id={`${id}-email`}
              name="email"
              type="email"
              autoComplete="email"
              defaultValue={values?.email}
              aria-invalid={errors?.email ? true : undefined}
              aria-describedby={`${id}-email-hint${errors?.email ? ` ${id}-email-error` : ''}`}
            />
            {errors?.email ? (
              <p className="field__error" id={`${id}-email-error`}>
                {errors.email.join(' ')}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button">
            {t('call.log')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
