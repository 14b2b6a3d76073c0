import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { metaT } from '~/components/i18n'
import { ClemencyNote } from '~/components/clemency-note'
import { Countdown } from '~/components/countdown'
import { getCaseBySlug, listCaseEvents, listCaseOfficials } from '~/models/case.server'
import { listPetitionsForCase } from '~/models/public-petition.server'
import { explainClemency } from '~/services/clemency.server'
import { localized } from '~/domain/content-language'
import { type CaseStatus } from '~/domain/states'
import { renderMarkdown } from '~/utils/markdown.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { formatNumber, intlLocale, translator } from '~/utils/i18n'
import { requestLanguage } from '~/utils/i18n.server'

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => [
  { title: d ? `${d.kase.personName} · Vigil` : metaT(matches)('case.not_found_title') },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await requestLanguage(request)
  const locale = intlLocale(language)
  const kase = await getCaseBySlug(params.slug!)
  if (!kase) throw new Response(translator(language)('error.no_case'), { status: 404 })
  const [events, officials, petitions, clemency] = await Promise.all([
    listCaseEvents(kase.id),
    listCaseOfficials(kase.id),
    listPetitionsForCase({ caseId: kase.id }),
    explainClemency({ organizationId: kase.organizationId, jurisdiction: kase.jurisdiction }),
  ])
  // Dates are formatted here, on the server only, so hydration sees the same text.
  return {
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
  if (e.kind === 'created') return t('case.created')
  // An organizer's own kind of event, as they named it.
  return e.kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())
}

export default function CasePage() {
  const { kase, dateLabel, events, officials, petitions, clemency, renderedAt } =
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
                <strong>{o.name}</strong>
                {o.title ? `, ${o.title}` : ''}{' '}
                <span className="muted">· {t(`publicRole.${o.role}`)}</span>
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
              {e.note ? <p>{e.note}</p> : null}
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
