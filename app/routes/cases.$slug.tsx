import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { metaT } from '~/components/i18n'
import { localized } from '~/domain/content-language'
import { formatNumber, intlLocale, translator } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'
import { ClemencyNote } from '~/components/clemency-note'
import { Countdown } from '~/components/countdown'
import { getCaseBySlug, listCaseEvents, listCaseOfficials } from '~/models/case.server'
import { listPetitionsForCase } from '~/models/public-petition.server'
import { explainClemency } from '~/services/clemency.server'
import { type CaseStatus } from '~/domain/states'
import { renderMarkdown } from '~/utils/markdown.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { env } from '~/utils/env.server'
import { getCasePhotoInfo } from '~/models/case-photo.server'
import { getOrganizationContact } from '~/services/organization.server'
import { shareImagePath, socialMeta } from '~/domain/share'

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) =>
  d
    ? [
        { title: `${d.kase.personName} · Vigil` },
        { name: 'description', content: d.share.description },
        ...socialMeta(d.share),
      ]
    : [{ title: metaT(matches)('case.not_found_title') }]

/** The person's photo for the page, at its versioned (long-cached) address. */
async function casePhoto(caseId: string, slug: string) {
  const photo = await getCasePhotoInfo(caseId)
  return photo && { ...photo, src: `/cases/${slug}/photo.jpg?v=${photo.version}` }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await requestLanguage(request)
  const locale = intlLocale(language)
  const t = translator(language)
  const kase = await getCaseBySlug(params.slug!)
  if (!kase) throw new Response(t('error.no_case'), { status: 404 })
  const [events, officials, petitions, clemency] = await Promise.all([
    listCaseEvents(kase.id),
    listCaseOfficials(kase.id),
    listPetitionsForCase({ caseId: kase.id }),
    explainClemency({
      organizationId: kase.organizationId,
      jurisdiction: kase.jurisdiction,
      language,
    }),
  ])
  // The card of its first open petition, if any: the case page is shared to ask for signatures.
  const open = petitions.find((p) => p.status === 'open') ?? petitions[0]
  const appUrl = env().appUrl
  const share = {
    title: `${kase.personName}: ${t(`caseStatus.${kase.status}`)}`,
    description: `${kase.personName}, ${kase.jurisdiction}. ${t(`caseStatus.${kase.status}`)}.`,
    url: `${appUrl}/cases/${kase.slug}`,
    image: open
      ? appUrl +
        shareImagePath(
          {
            slug: open.slug,
            signatureCount: open.signatureCount,
            case: { nextDate: kase.nextDate, timeZone: kase.timeZone },
          },
          language,
        )
      : null,
    imageAlt: open?.title,
  }
  // Dates are formatted here, on the server only, so hydration sees the same text.
  return {
    photo: await casePhoto(kase.id, kase.slug),
    footer: await getOrganizationContact(kase.organizationId),
    share,
    kase: { ...kase, summaryHtml: renderMarkdown(kase.summary), summary: undefined },
    dateLabel: kase.nextDate ? formatDateTime(kase.nextDate, kase.timeZone, locale) : '',
    events: events.map((e) => ({
      ...e,
      dateLabel: formatDate(e.occurredAt, kase.timeZone, locale),
      toDateLabel: e.toDate ? formatDate(e.toDate, kase.timeZone, locale) : null,
    })),
    officials,
    petitions: petitions.map(({ titleEs, ...p }) => {
      const title = localized(p.title, titleEs, language)
      return { ...p, title: title.text, titleLang: title.lang }
    }),
    clemency,
    renderedAt: new Date().toISOString(),
  }
}

function describeEvent(
  t: TFunction,
  e: { kind: string; fromStatus: CaseStatus | null; toStatus: CaseStatus | null },
) {
  if (e.kind === 'status_changed' && e.toStatus) {
    const from = e.fromStatus ? `${t(`caseStatus.${e.fromStatus}`)} → ` : ''
    return t('case.status_changed', { change: `${from}${t(`caseStatus.${e.toStatus}`)}` })
  }
  if (e.kind === 'date_changed') return t('case.date_changed')
  // Where the record starts: what the case stood at then, not when it was typed in.
  if (e.kind === 'created')
    return e.toStatus ? t(`caseStatus.${e.toStatus}`) : t('case.record_begins')
  // An organizer's own kind of event, as they named it.
  return e.kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())
}

/** What Vigil wrote on a case's first event before it said nothing: about Vigil, not the case. */
const CREATED_NOTE = 'Case added to Vigil'

/** A decision maker's title and role, once when they say the same ("Governor · Governor"). */
function titleAndRole(title: string | null, role: string): string {
  if (!title) return role
  return title.trim().toLowerCase() === role.trim().toLowerCase() ? title : `${title} · ${role}`
}

export default function CasePage() {
  const { kase, dateLabel, events, officials, petitions, clemency, renderedAt, photo } =
    useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  return (
    <article className="case">
      <p className="eyebrow">
        {kase.jurisdiction}
        {kase.court ? ` · ${kase.court}` : ''}
        {kase.caseNumber ? ` · ${kase.caseNumber}` : ''}
      </p>
      <h1>{kase.personName}</h1>
      {photo ? (
        <img
          className="person-photo"
          src={photo.src}
          alt={photo.alt}
          width={photo.width}
          height={photo.height}
        />
      ) : null}
      <p>
        {t('case.status')}{' '}
        <span className={`status status--${kase.status}`}>{t(`caseStatus.${kase.status}`)}</span>
      </p>
      {kase.nextDate ? (
        <Countdown
          nextDate={kase.nextDate}
          dateLabel={dateLabel}
          kind={kase.nextDateKind}
          renderedAt={renderedAt}
          stayed={kase.status === 'stayed'}
        />
      ) : null}
      <div className="prose" dangerouslySetInnerHTML={{ __html: kase.summaryHtml }} />
      {petitions.length > 0 ? (
        <section aria-labelledby="petitions-heading">
          <h2 id="petitions-heading">{t('case.petitions')}</h2>
          <ul className="link-list">
            {petitions.map((p) => (
              <li key={p.id}>
                <Link
                  to={`/petitions/${p.slug}`}
                  lang={p.titleLang === i18n.language ? undefined : p.titleLang}
                >
                  {p.title}
                </Link>{' '}
                <span className="muted">
                  {`· ${formatNumber(p.signatureCount, i18n.language)} ${t('goal.signatures', { count: p.signatureCount })}`}
                  {p.status !== 'open' ? ` · ${t(`petitionStatus.${p.status}`)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {officials.length > 0 || clemency ? (
        <section aria-labelledby="officials-heading">
          <h2 id="officials-heading">{t('case.who_decides')}</h2>
          {clemency ? <ClemencyNote clemency={clemency} /> : null}
          <ul className="link-list">
            {officials.map((o) => (
              <li key={o.id}>
                <strong>{o.name}</strong>,{' '}
                <span className="muted">{titleAndRole(o.title, t(`publicRole.${o.role}`))}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('case.timeline')}</h2>
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.occurredAt).toISOString()}>{e.dateLabel}</time>
              <p>
                <strong>{describeEvent(t, e)}</strong>
                {e.toDate && e.kind !== 'created'
                  ? ` ${t('case.new_date', { date: e.toDateLabel })}`
                  : ''}
              </p>
              {e.note && !(e.kind === 'created' && e.note === CREATED_NOTE) ? (
                <p>{e.note}</p>
              ) : null}
              {e.sourceUrl ? (
                <p>
                  <a href={e.sourceUrl} rel="noopener noreferrer nofollow">
                    {t('case.source')}
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      {kase.sources.length > 0 ? (
        <section aria-labelledby="sources-heading">
          <h2 id="sources-heading">{t('case.sources')}</h2>
          <ul className="link-list">
            {kase.sources.map((s) => (
              <li key={s}>
                <a href={s} rel="noopener noreferrer nofollow">
                  {s}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  )
}
