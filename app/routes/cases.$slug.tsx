import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ClemencyNote } from '~/components/clemency-note'
import { Countdown } from '~/components/countdown'
import { getCaseBySlug, listCaseEvents, listCaseOfficials } from '~/models/case.server'
import { listPetitionsForCase } from '~/models/public-petition.server'
import { explainClemency } from '~/services/clemency.server'
import { CASE_STATUS_LABELS, PUBLIC_ROLE_LABELS } from '~/domain/labels'
import { type CaseStatus } from '~/domain/states'
import { renderMarkdown } from '~/utils/markdown.server'
import { formatDate, formatDateTime } from '~/utils/time'
import { env } from '~/utils/env.server'
import { getCasePhotoInfo } from '~/models/case-photo.server'
import { getOrganizationContact } from '~/services/organization.server'
import { shareImagePath, socialMeta } from '~/domain/share'

export const meta: MetaFunction<typeof loader> = ({ data: d }) =>
  d
    ? [
        { title: `${d.kase.personName} · Vigil` },
        { name: 'description', content: d.share.description },
        ...socialMeta(d.share),
      ]
    : [{ title: 'Case not found · Vigil' }]

/** The person's photo for the page, at its versioned (long-cached) address. */
async function casePhoto(caseId: string, slug: string) {
  const photo = await getCasePhotoInfo(caseId)
  return photo && { ...photo, src: `/cases/${slug}/photo.jpg?v=${photo.version}` }
}

export async function loader({ params }: LoaderFunctionArgs) {
  const kase = await getCaseBySlug(params.slug!)
  if (!kase) throw new Response('There is no case at this address.', { status: 404 })
  const [events, officials, petitions, clemency] = await Promise.all([
    listCaseEvents(kase.id),
    listCaseOfficials(kase.id),
    listPetitionsForCase({ caseId: kase.id }),
    explainClemency({ organizationId: kase.organizationId, jurisdiction: kase.jurisdiction }),
  ])
  // The card of its first open petition, if any: the case page is shared to ask for signatures.
  const open = petitions.find((p) => p.status === 'open') ?? petitions[0]
  const appUrl = env().appUrl
  const share = {
    title: `${kase.personName}: ${CASE_STATUS_LABELS[kase.status]}`,
    description: `${kase.personName}, ${kase.jurisdiction}. ${CASE_STATUS_LABELS[kase.status]}.`,
    url: `${appUrl}/cases/${kase.slug}`,
    image: open
      ? appUrl +
        shareImagePath({
          slug: open.slug,
          signatureCount: open.signatureCount,
          case: { nextDate: kase.nextDate, timeZone: kase.timeZone },
        })
      : null,
    imageAlt: open?.title,
  }
  // Dates are formatted here, on the server only, so hydration sees the same text.
  return {
    photo: await casePhoto(kase.id, kase.slug),
    footer: await getOrganizationContact(kase.organizationId),
    share,
    kase: { ...kase, summaryHtml: renderMarkdown(kase.summary), summary: undefined },
    dateLabel: kase.nextDate ? formatDateTime(kase.nextDate, kase.timeZone) : '',
    events: events.map((e) => ({
      ...e,
      dateLabel: formatDate(e.occurredAt, kase.timeZone),
      toDateLabel: e.toDate ? formatDate(e.toDate, kase.timeZone) : null,
    })),
    officials,
    petitions,
    clemency,
    renderedAt: new Date().toISOString(),
  }
}

function describeEvent(e: {
  kind: string
  fromStatus: CaseStatus | null
  toStatus: CaseStatus | null
}) {
  if (e.kind === 'status_changed' && e.toStatus)
    return `Status: ${e.fromStatus ? `${CASE_STATUS_LABELS[e.fromStatus]} → ` : ''}${CASE_STATUS_LABELS[e.toStatus]}`
  if (e.kind === 'date_changed') return 'Date changed'
  // Where the record starts: what the case stood at then, not when it was typed in.
  if (e.kind === 'created')
    return e.toStatus ? CASE_STATUS_LABELS[e.toStatus] : 'Case record begins'
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
        Status:{' '}
        <span className={`status status--${kase.status}`}>{CASE_STATUS_LABELS[kase.status]}</span>
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
          <h2 id="petitions-heading">Petitions</h2>
          <ul className="link-list">
            {petitions.map((p) => (
              <li key={p.id}>
                <Link to={`/petitions/${p.slug}`}>{p.title}</Link>{' '}
                <span className="muted">
                  · {p.signatureCount.toLocaleString('en-US')} signatures
                  {p.status !== 'open' ? ` · ${p.status}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {officials.length > 0 || clemency ? (
        <section aria-labelledby="officials-heading">
          <h2 id="officials-heading">Who decides</h2>
          {clemency ? <ClemencyNote clemency={clemency} /> : null}
          <ul className="link-list">
            {officials.map((o) => (
              <li key={o.id}>
                <strong>{o.name}</strong>,{' '}
                <span className="muted">{titleAndRole(o.title, PUBLIC_ROLE_LABELS[o.role])}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.occurredAt).toISOString()}>{e.dateLabel}</time>
              <p>
                <strong>{describeEvent(e)}</strong>
                {e.toDate && e.kind !== 'created' ? ` — new date ${e.toDateLabel}` : ''}
              </p>
              {e.note && !(e.kind === 'created' && e.note === CREATED_NOTE) ? (
                <p>{e.note}</p>
              ) : null}
              {e.sourceUrl ? (
                <p>
                  <a href={e.sourceUrl} rel="noopener noreferrer nofollow">
                    Source
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      {kase.sources.length > 0 ? (
        <section aria-labelledby="sources-heading">
          <h2 id="sources-heading">Sources</h2>
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
