import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { metaT } from '~/components/i18n'
import { ClemencyNote } from '~/components/clemency-note'
import { Countdown } from '~/components/countdown'
import { GoalBar } from '~/components/goal-bar'
import { SignForm, type SignErrors, type SignValues } from '~/components/sign-form'
import { getPublicPetitionBySlug, latestPublicSigners } from '~/models/public-petition.server'
import { signFromForm } from '~/services/sign-form.server'
import { explainClemency } from '~/services/clemency.server'
import { acceptsSignatures } from '~/domain/states'
import { privacyNoticeText } from '~/domain/privacy'
import { localized, localizedOptional } from '~/domain/content-language'
import { renderMarkdown } from '~/utils/markdown.server'
import { formatDateTime } from '~/utils/time'
import { countryNames, intlLocale, translator } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'
import { COUNTRIES } from '~/validation/countries'
import { subscribeConsentText } from '~/validation/signature-fields'
import { normalizeSource } from '~/domain/sources'
import { shareImagePath, socialMeta, timeLeftLabel } from '~/domain/share'
import { env } from '~/utils/env.server'
import { getCasePhotoInfo } from '~/models/case-photo.server'
import { getOrganizationContact } from '~/services/organization.server'
import { ShareButtons } from '~/components/share-buttons'

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) =>
  d
    ? [
        { title: `${d.petition.title} · Vigil` },
        { name: 'description', content: d.share.description },
        ...socialMeta({
          title: d.petition.title,
          description: d.share.description,
          url: d.share.url,
          image: d.share.image,
          imageAlt: d.share.imageAlt,
        }),
      ]
    : [{ title: metaT(matches)('petition.not_found_title') }]

/** The person's photo for the page, at its versioned (long-cached) address. */
async function casePhoto(caseId: string, slug: string) {
  const photo = await getCasePhotoInfo(caseId)
  return photo && { ...photo, src: `/cases/${slug}/photo.jpg?v=${photo.version}` }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await requestLanguage(request)
  const petition = await getPublicPetitionBySlug(params.slug!)
  if (!petition) throw new Response(translator(language)('error.no_petition'), { status: 404 })
  const [signers, clemency] = await Promise.all([
    latestPublicSigners({ petitionId: petition.id }),
    explainClemency({
      organizationId: petition.organizationId,
      jurisdiction: petition.case.jurisdiction,
      language,
    }),
  ])
  // The organizer's Spanish text where there is one, else the English, marked as such.
  const title = localized(petition.title, petition.titleEs, language)
  const body = localized(petition.body, petition.bodyEs, language)
  const letter = localizedOptional(petition.letterDefault, petition.letterDefaultEs, language)
  const privacy = privacyNoticeText(petition.organizationName, petition.privacyNotice, language)
  const url = `${env().appUrl}/petitions/${petition.slug}`
  const timeLeft = timeLeftLabel(
    petition.case.nextDate,
    petition.case.timeZone,
    undefined,
    language,
  )
  return {
    photo: await casePhoto(petition.case.id, petition.case.slug),
    footer: await getOrganizationContact(petition.organizationId),
    clemency,
    share: {
      url,
      image: env().appUrl + shareImagePath(petition, language),
      imageAlt: `${petition.title}: ${petition.signatureCount.toLocaleString('en-US')} signatures${timeLeft ? `, ${timeLeft.toLowerCase()}` : ''}`,
      description: `Sign for ${petition.case.personName}${timeLeft ? ` — ${timeLeft.toLowerCase()}` : ''}. ${petition.signatureCount.toLocaleString('en-US')} have signed.`,
    },
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
  const result = await signFromForm({ request, slug: params.slug!, context })
  if (!result.signed) return data({ errors: result.errors, values: result.values }, { status: 400 })
  return redirect(`/petitions/${result.slug}/thanks`, 303)
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
    countryNames: names,
    share,
    photo,
  } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const other = (lang: string) => (lang === i18n.language ? undefined : lang)
  const actionData = useActionData<typeof action>() as
    { errors: SignErrors; values: SignValues } | undefined
  // From the address, not the loader: the page cache fills it in per reader (decision 035).
  const source = normalizeSource(useSearchParams()[0].get('source'))
  const kase = petition.case
  const open = acceptsSignatures(petition.status)
  return (
    <div className="petition">
      <div className="petition__main">
        {open ? (
          <a href="#sign" className="button button--primary sign-jump">
            {t('sign.submit')}
          </a>
        ) : null}
        <p className="eyebrow">
          <Link to={`/cases/${kase.slug}`}>{kase.personName}</Link> · {kase.jurisdiction}
          {kase.caseNumber ? ` · ${kase.caseNumber}` : ''} ·{' '}
          <span className={`status status--${kase.status}`}>{t(`caseStatus.${kase.status}`)}</span>
        </p>
        <h1 lang={other(petition.titleLang)}>{petition.title}</h1>
        {photo ? (
          <img
            className="person-photo"
            src={photo.src}
            alt={photo.alt}
            width={photo.width}
            height={photo.height}
          />
        ) : null}
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
        <ShareButtons petitionUrl={share.url} title={petition.title} />
        <p>
          <a href={`/petitions/${petition.slug}/flyer.pdf`} download>
            {t('petition.flyer')}
          </a>
        </p>
        <p className="muted">
          {t('petition.organized_by', { name: petition.organizationName })}{' '}
          {petition.partners.length > 0
            ? `${t('petition.partners', { names: petition.partners.map((p) => p.name).join(', ') })} `
            : null}
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
              countryNames={names}
              consentText={consentText}
              partners={petition.partners}
              source={source}
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
