import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
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
import { privacyNoticeText } from '~/domain/privacy'
import { CASE_STATUS_LABELS } from '~/domain/labels'
import { renderMarkdown } from '~/utils/markdown.server'
import { formatDateTime } from '~/utils/time'
import { loadContext } from '~/utils/request.server'
import { fieldErrors, SignatureSchema, subscribeConsentText } from '~/validation/signature'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction<typeof loader> = ({ data: d }) =>
  d
    ? [
        { title: `${d.petition.title} · Vigil` },
        { name: 'description', content: `Sign for ${d.petition.case.personName} before the date.` },
        { property: 'og:title', content: d.petition.title },
      ]
    : [{ title: 'Petition not found · Vigil' }]

export async function loader({ params }: LoaderFunctionArgs) {
  const petition = await getPublicPetitionBySlug(params.slug!)
  if (!petition)
    throw new Response('There is no published petition at this address.', { status: 404 })
  const [signers, clemency] = await Promise.all([
    latestPublicSigners({ petitionId: petition.id }),
    explainClemency({
      organizationId: petition.organizationId,
      jurisdiction: petition.case.jurisdiction,
    }),
  ])
  return {
    clemency,
    petition: {
      ...petition,
      bodyHtml: renderMarkdown(petition.body),
      body: undefined,
      privacyNotice: undefined,
    },
    // Beside the sign form: the organization's notice, or Vigil's default (decision 037).
    privacyNoticeHtml: renderMarkdown(
      privacyNoticeText(petition.organizationName, petition.privacyNotice),
    ),
    signers,
    consentText: subscribeConsentText(petition.organizationName),
    dateLabel: petition.case.nextDate
      ? formatDateTime(petition.case.nextDate, petition.case.timeZone)
      : '',
    renderedAt: new Date().toISOString(),
  }
}

const CLOSED_MESSAGE = 'This petition is not open for signatures.'

export async function action({ request, params, context }: ActionFunctionArgs) {
  const petition = await getPetitionForSigning(params.slug!)
  if (!petition || petition.status === 'draft') {
    // A draft exists but is not published: say so, as for a closed one.
    if (petition) throw new Response('This petition is not published yet.', { status: 409 })
    throw new Response('There is no published petition at this address.', { status: 404 })
  }
  if (!acceptsSignatures(petition.status)) throw new Response(CLOSED_MESSAGE, { status: 409 })

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
    return data({ errors: fieldErrors(parsed.error), values }, { status: 400 })
  }
  const ctx = loadContext(context)
  try {
    await sign({
      petition,
      input: parsed.data,
      ip: ctx.clientIp,
      userAgent: request.headers.get('user-agent'),
      hold: suspicious,
    })
  } catch (error) {
    if (error instanceof PetitionNotOpenError) throw new Response(CLOSED_MESSAGE, { status: 409 })
    throw error
  }
  return redirect(`/petitions/${petition.slug}/thanks`, 303)
}

export default function PetitionPage() {
  const { petition, signers, consentText, dateLabel, renderedAt, clemency, privacyNoticeHtml } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { errors: SignErrors; values: SignValues } | undefined
  const kase = petition.case
  const open = acceptsSignatures(petition.status)
  return (
    <div className="petition">
      <div className="petition__main">
        <p className="eyebrow">
          <Link to={`/cases/${kase.slug}`}>{kase.personName}</Link> · {kase.jurisdiction}
          {kase.caseNumber ? ` · ${kase.caseNumber}` : ''} ·{' '}
          <span className={`status status--${kase.status}`}>{CASE_STATUS_LABELS[kase.status]}</span>
        </p>
        <h1>{petition.title}</h1>
        {kase.nextDate ? (
          <Countdown
            nextDate={kase.nextDate}
            dateLabel={dateLabel}
            kind={kase.nextDateKind}
            renderedAt={renderedAt}
            stayed={kase.status === 'stayed'}
          />
        ) : null}
        <div className="prose" dangerouslySetInnerHTML={{ __html: petition.bodyHtml }} />
        {petition.targets.length > 0 ? (
          <section aria-labelledby="targets-heading" className="targets">
            <h2 id="targets-heading">Delivered to</h2>
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
                <Link to={`/petitions/${petition.slug}/call`}>
                  Call them: numbers, hours and what to say
                </Link>
              </p>
            ) : null}
          </section>
        ) : null}
        {clemency ? <ClemencyNote clemency={clemency} /> : null}
        <p className="muted">
          Organized by {petition.organizationName}.{' '}
          <Link to={`/cases/${kase.slug}`}>Read about the case</Link>.
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
              consentText={consentText}
            />
          ) : (
            <div className="closed-notice" role="status">
              <h2>This petition is closed</h2>
              <p>It no longer takes signatures. Thank you to everyone who signed.</p>
            </div>
          )}
          {open ? (
            <section className="privacy-notice" aria-labelledby="privacy-heading">
              <h2 id="privacy-heading">Your data</h2>
              <div className="muted" dangerouslySetInnerHTML={{ __html: privacyNoticeHtml }} />
            </section>
          ) : null}
        </div>
        {signers.length > 0 ? (
          <section className="panel signers" aria-labelledby="signers-heading">
            <h2 id="signers-heading">Recent signers</h2>
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
