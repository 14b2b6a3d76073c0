import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { metaT } from '~/components/i18n'
import { ClemencyNote } from '~/components/clemency-note'
import { Countdown } from '~/components/countdown'
import { GoalBar } from '~/components/goal-bar'
import { SignForm, type SignErrors, type SignValues } from '~/components/sign-form'
import {
  getPetitionForSigning,
  getPublicPetitionBySlug,
  latestPublicSigners,
} from '~/models/public-petition.server'
import { PetitionNotOpenError } from '~/models/signature.server'
import { sign } from '~/services/signing.server'
import { explainClemency } from '~/services/clemency.server'
import { acceptsSignatures } from '~/domain/states'
import { localized, localizedOptional } from '~/domain/content-language'
import { privacyNoticeText } from '~/domain/privacy'
import { renderMarkdown } from '~/utils/markdown.server'
import { formatDateTime } from '~/utils/time'
import { countryNames, intlLocale, translator } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'
import { loadContext } from '~/utils/request.server'
import { fieldErrors, SignatureSchema, subscribeConsentText } from '~/validation/signature'
import { readForm } from '~/utils/form.server'
import { COUNTRIES } from '~/validation/countries'

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) =>
  d
    ? [
        { title: `${d.petition.title} · Vigil` },
        {
          name: 'description',
          content: metaT(matches)('petition.meta_description', {
            name: d.petition.case.personName,
          }),
        },
        { property: 'og:title', content: d.petition.title },
      ]
    : [{ title: metaT(matches)('petition.not_found_title') }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await requestLanguage(request)
  const t = translator(language)
  const petition = await getPublicPetitionBySlug(params.slug!)
  if (!petition) throw new Response(t('error.no_petition'), { status: 404 })
  const [signers, clemency] = await Promise.all([
    latestPublicSigners({ petitionId: petition.id }),
    explainClemency({
      organizationId: petition.organizationId,
      jurisdiction: petition.case.jurisdiction,
    }),
  ])
  // The organizer's Spanish text where there is one, else the English, marked as such.
  const title = localized(petition.title, petition.titleEs, language)
  const body = localized(petition.body, petition.bodyEs, language)
  const letter = localizedOptional(petition.letterDefault, petition.letterDefaultEs, language)
  const privacy = privacyNoticeText(petition.organizationName, petition.privacyNotice, language)
  return {
    clemency,
    petition: {
      ...petition,
      title: title.text,
      titleLang: title.lang,
      bodyHtml: renderMarkdown(body.text),
      bodyLang: body.lang,
      letterDefault: letter?.text ?? null,
      letterLang: letter?.lang ?? language,
      body: undefined,
      bodyEs: undefined,
      titleEs: undefined,
      letterDefaultEs: undefined,
      privacyNotice: undefined,
    },
    // Beside the sign form: the organization's notice, or Vigil's default (decision 037).
    privacyNoticeHtml: renderMarkdown(privacy.text),
    privacyNoticeLang: privacy.lang,
    signers,
    consentText: subscribeConsentText(petition.organizationName, language),
    countryNames: countryNames(
      language,
      COUNTRIES.map((c) => c.code),
    ),
    dateLabel: petition.case.nextDate
      ? formatDateTime(petition.case.nextDate, petition.case.timeZone, intlLocale(language))
      : '',
    renderedAt: new Date().toISOString(),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const language = await requestLanguage(request)
  const t = translator(language)
  const petition = await getPetitionForSigning(params.slug!)
  if (!petition || petition.status === 'draft') {
    // A draft exists but is not published: say so, as for a closed one.
    if (petition) throw new Response(t('error.not_published'), { status: 409 })
    throw new Response(t('error.no_petition'), { status: 404 })
  }
  if (!acceptsSignatures(petition.status)) throw new Response(t('error.closed'), { status: 409 })

  // The schema refuses a NUL beside its field (validation/text.ts): the form comes back.
  const form = await readForm(request, { schemaRefusesNul: true })
  const raw: Record<string, string> = {}
  for (const [key, value] of form) if (typeof value === 'string') raw[key] = value
  // Honeypot: filled in only by bots. Answered like anyone else, held for review.
  const suspicious = !!raw.website
  const parsed = SignatureSchema.safeParse(raw)
  if (!parsed.success) {
    const { website: _website, ...kept } = raw
    // The input kept, but for what cannot be shown or stored.
    const values = Object.fromEntries(
      Object.entries(kept).map(([k, v]) => [k, v.replaceAll('\u0000', '')]),
    )
    return data({ errors: fieldErrors(parsed.error, language), values }, { status: 400 })
  }
  const ctx = loadContext(context)
  try {
    await sign({
      petition,
      input: parsed.data,
      ip: ctx.clientIp,
      userAgent: request.headers.get('user-agent'),
      hold: suspicious,
      language,
    })
  } catch (error) {
    if (error instanceof PetitionNotOpenError)
      throw new Response(t('error.closed'), { status: 409 })
    throw error
  }
  return redirect(`/petitions/${petition.slug}/thanks`, 303)
}

export default function PetitionPage() {
  const {
    petition,
    signers,
    consentText,
    dateLabel,
    renderedAt,
    clemency,
    privacyNoticeHtml,
    privacyNoticeLang,
    countryNames,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: SignErrors; values: SignValues } | undefined
  const { t, i18n } = useTranslation()
  const other = (lang: string) => (lang === i18n.language ? undefined : lang)
  const kase = petition.case
  const open = acceptsSignatures(petition.status)
  return (
    <div className="petition">
      <div className="petition__main">
        <p className="eyebrow">
          <Link to={`/cases/${kase.slug}`}>{kase.personName}</Link> · {kase.jurisdiction}
          {kase.caseNumber ? ` · ${kase.caseNumber}` : ''} ·{' '}
          <span className={`status status--${kase.status}`}>{t(`caseStatus.${kase.status}`)}</span>
        </p>
        <h1 lang={other(petition.titleLang)}>{petition.title}</h1>
        {kase.nextDate ? (
          <Countdown
            nextDate={kase.nextDate}
            dateLabel={dateLabel}
            kind={kase.nextDateKind}
            renderedAt={renderedAt}
            stayed={kase.status === 'stayed'}
          />
        ) : null}
        <div
          className="prose"
          lang={other(petition.bodyLang)}
          dangerouslySetInnerHTML={{ __html: petition.bodyHtml }}
        />
        {petition.targets.length > 0 ? (
          <section aria-labelledby="targets-heading" className="targets">
            <h2 id="targets-heading">{t('petition.delivered_to')}</h2>
            <ul>
              {petition.targets.map((t) => (
                <li key={t.id}>
                  <strong>{t.name}</strong>
                  {t.title ? `, ${t.title}` : ''}
                  {t.office ? <span className="muted"> — {t.office}</span> : null}
                </li>
              ))}
            </ul>
            {open && petition.targets.some((t) => t.callable) ? (
              <p>
                <Link to={`/petitions/${petition.slug}/call`}>{t('petition.call_them')}</Link>
              </p>
            ) : null}
          </section>
        ) : null}
        {clemency ? <ClemencyNote clemency={clemency} /> : null}
        <p className="muted">
          {t('petition.organized_by', { name: petition.organizationName })}{' '}
          <Link to={`/cases/${kase.slug}`}>{t('petition.read_case')}</Link>.
        </p>
      </div>
      <aside className="petition__side">
        <div className="panel">
          <GoalBar count={petition.signatureCount} goal={petition.goal} />
          {open ? (
            <SignForm
              values={actionData?.values}
              errors={actionData?.errors}
              letterDefault={petition.letterDefault}
              letterLang={other(petition.letterLang)}
              countryNames={countryNames}
              consentText={consentText}
            />
          ) : (
            <div className="closed-notice" role="status">
              <h2>{t('petition.closed_heading')}</h2>
              <p>{t('petition.closed_text')}</p>
            </div>
          )}
          {open ? (
            <section className="privacy-notice" aria-labelledby="privacy-heading">
              <h2 id="privacy-heading">{t('privacy.heading')}</h2>
              <div
                className="muted"
                lang={other(privacyNoticeLang)}
                dangerouslySetInnerHTML={{ __html: privacyNoticeHtml }}
              />
            </section>
          ) : null}
        </div>
        {signers.length > 0 ? (
          <section className="panel signers" aria-labelledby="signers-heading">
            <h2 id="signers-heading">{t('petition.recent_signers')}</h2>
            <ul>
              {signers.map((s, i) => (
                <li key={i}>
                  <strong>{s.name}</strong>
                  {s.locality ? <span className="muted"> · {s.locality}</span> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </aside>
    </div>
  )
}
