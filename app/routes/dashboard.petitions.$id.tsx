import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { GoalBar } from '~/components/goal-bar'
import { DashboardErrorBoundary } from '~/components/dashboard/error-boundary'
import { PetitionStatusActions } from '~/components/dashboard/petition-status-actions'
import { Notice } from '~/components/ui/field'
import { PetitionCounts } from '~/components/dashboard/petition-counts'
import { PETITION_STATUS_LABELS } from '~/domain/labels'
import { SignatureChart } from '~/components/dashboard/signature-chart'
import { FrequentSources } from '~/components/dashboard/frequent-sources'
import { unusualThresholds } from '~/domain/abuse'
import { listFrequentSources } from '~/models/abuse.server'
import { SignerMap } from '~/components/dashboard/signer-map'
import { RegionTable } from '~/components/dashboard/region-table'
import { PacketForm } from '~/components/dashboard/packet-form'
import { jurisdictionRegion, regionName } from '~/domain/regions'
import { jurisdictionCount } from '~/models/signer-regions.server'
import { usMapShapes } from '~/services/signer-map.server'
import { MilestonePanel } from '~/components/dashboard/milestone-panel'
import { suggestedGoal } from '~/domain/milestones'
import { getMilestones } from '~/models/milestone.server'
import { raiseGoal } from '~/services/milestones.server'
import { formErrorsFor } from '~/services/form-errors.server'
import { getPetitionStats } from '~/models/petition-stats.server'
import { signLimits } from '~/models/signature.server'
import { hold, release } from '~/services/moderation.server'
import { SourceActionSchema } from '~/validation/abuse'
import { getPetitionForOrganization, PetitionStatusChangeError } from '~/models/petition.server'
import { canChangePetitionStatus, PETITION_STATUSES, type PetitionStatus } from '~/domain/states'
import {
  CASE_STATUS_LABELS,
  LETTER_DIGEST_SCHEDULE_LABELS,
  NEXT_DATE_KIND_LABELS,
} from '~/domain/labels'
import { requireOrganizer } from '~/services/auth.server'
import { changePetition } from '~/services/petitions.server'
import { petitionDecisionWarning } from '~/services/clemency.server'
import { notFoundInOrganization } from '~/services/form-errors.server'
import { daysLeft, formatDateTime } from '~/utils/time'
import { DeadlinePanel } from '~/components/dashboard/deadline-panel'
import { ReachPanel } from '~/components/dashboard/reach-panel'
import { embedSnippet } from '~/domain/embed'
import { signatureSources } from '~/models/signature-source.server'
import { partnersOfPetition } from '~/services/partners.server'
import { env } from '~/utils/env.server'
import { readForm } from '~/utils/form.server'

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: `${d?.petition.title ?? 'Petition'} · Vigil` },
]

const DONE: Record<string, string> = {
  created: 'Petition created.',
  saved: 'Changes saved.',
  goal: 'The goal is raised.',
  open: 'The petition is open for signatures.',
  closed: 'The petition is closed.',
  won: 'The petition is marked won.',
  lost: 'The petition is marked lost.',
  held: 'Held: those signatures are out of the count until released.',
  released: 'Released: those not yet confirmed were sent their confirmation.',
  none: 'Nothing matched; nothing was changed.',
}

/** The moves offered as buttons, by the petition's status. */
const STATUS_ACTIONS: { to: PetitionStatus; label: (from: PetitionStatus) => string }[] = [
  { to: 'open', label: (from) => (from === 'draft' ? 'Publish' : 'Reopen') },
  { to: 'closed', label: () => 'Close' },
  { to: 'won', label: () => 'Mark won' },
  { to: 'lost', label: () => 'Mark lost' },
]

const notFound: () => never = () => notFoundInOrganization('petition')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organizationId } = await requireOrganizer(request)
  const petition = await getPetitionForOrganization({ organizationId, petitionId: params.id! })
  if (!petition) notFound()
  const kase = petition.case
  const tz = kase.timeZone
  const thresholds = unusualThresholds(signLimits())
  const [stats, frequent, inJurisdiction, milestones, decisionWarning, sources, partners] =
    await Promise.all([
      getPetitionStats({ petitionId: petition.id, timeZone: tz }),
      listFrequentSources({ organizationId, petitionId: petition.id, thresholds }),
      jurisdictionCount({ id: petition.id, jurisdiction: kase.jurisdiction }),
      getMilestones({ organizationId, petitionId: petition.id }),
      petitionDecisionWarning(petition),
      signatureSources(petition.id),
      partnersOfPetition(petition.id),
    ])
  const region = jurisdictionRegion(kase.jurisdiction)
  const done = new URL(request.url).searchParams.get('done') ?? ''
  return {
    petition: {
      id: petition.id,
      slug: petition.slug,
      title: petition.title,
      status: petition.status,
      goal: petition.goal,
      targets: petition.targets,
      callCount: petition.callCount,
      carriesLetter: petition.letterDefault !== null,
      letterDigest: petition.letterDigest,
    },
    kase: {
      id: kase.id,
      personName: kase.personName,
      status: kase.status,
      statusLabel: CASE_STATUS_LABELS[kase.status],
      deadline: kase.nextDate ? formatDateTime(kase.nextDate, tz) : null,
      kind: kase.nextDateKind ? NEXT_DATE_KIND_LABELS[kase.nextDateKind] : 'Next date',
      daysLeft: kase.nextDate ? daysLeft(kase.nextDate, tz) : null,
      timeZone: tz,
      jurisdiction: kase.jurisdiction,
      region,
      regionLabel: region ? regionName(region) : null,
    },
    stats,
    decisionWarning,
    sources,
    partners,
    snippet: embedSnippet({ appUrl: env().appUrl, slug: petition.slug, title: petition.title }),
    frequent: { ...frequent, thresholds },
    inJurisdiction,
    map: usMapShapes(),
    milestone: {
      highest: milestones[0]?.percent ?? null,
      reachedOn: milestones[0] ? formatDateTime(milestones[0].reachedAt, tz) : null,
      suggestedGoal: suggestedGoal(petition.signatureCount, petition.goal),
    },
    statusActions: STATUS_ACTIONS.filter(
      (a) => a.to !== petition.status && canChangePetitionStatus(petition.status, a.to),
    ).map((a) => ({ to: a.to, label: a.label(petition.status) })),
    done: DONE[done] ?? null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organizationId, userId } = await requireOrganizer(request)
  const form = await readForm(request)
  const to = String(form.get('status') ?? '')
  const existing = await getPetitionForOrganization({ organizationId, petitionId: params.id! })
  if (!existing) notFound()
  const intent = form.get('intent')
  if (intent === 'hold-source' || intent === 'release-source') {
    const parsed = SourceActionSchema.safeParse({ intent, source: form.get('source') })
    if (!parsed.success)
      return data({ error: 'That is not an address or a domain.' }, { status: 400 })
    const input = { organizationId, petitionId: existing.id, source: parsed.data.source }
    const done =
      intent === 'hold-source'
        ? await hold({ ...input, actorId: userId })
        : await release({ ...input, actorId: userId })
    const word = !done?.affected ? 'none' : intent === 'hold-source' ? 'held' : 'released'
    return redirect(`/dashboard/petitions/${existing.id}?done=${word}`, 303)
  }
  if (form.get('intent') === 'raise-goal') {
    try {
      await raiseGoal({ organizationId, petitionId: existing.id, goal: Number(form.get('goal')) })
    } catch (error) {
      const { status, errors } = formErrorsFor(error)
      return data({ error: Object.values(errors).flat().join(' ') }, { status })
    }
    return redirect(`/dashboard/petitions/${existing.id}?done=goal`, 303)
  }
  if (form.get('intent') !== 'status' || !(PETITION_STATUSES as readonly string[]).includes(to))
    return data({ error: 'Choose one of the actions offered.' }, { status: 400 })
  // Publishing a petition that reaches no one who decides: only when the organizer says so.
  const warning = await petitionDecisionWarning(existing)
  if (to === 'open' && existing.status === 'draft' && warning && form.get('anyway') !== 'on')
    return data(
      { error: `${warning} Tick “Publish anyway” to publish it as it is.` },
      { status: 400 },
    )
  try {
    await changePetition({
      organizationId,
      petitionId: existing.id,
      changes: { status: to as PetitionStatus },
      actorId: userId,
    })
  } catch (error) {
    if (error instanceof PetitionStatusChangeError)
      return data({ error: error.message }, { status: 409 })
    throw error
  }
  return redirect(`/dashboard/petitions/${existing.id}?done=${to}`, 303)
}

const hourFormat = (tz: string) => (at: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric' }).format(new Date(at))
const dayFormat = (at: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(
    new Date(`${at}T00:00:00Z`),
  )

export default function PetitionView() {
  const loaded = useLoaderData<typeof loader>()
  const { petition, kase, stats, frequent, inJurisdiction, map, milestone, statusActions, done } =
    loaded
  const actionData = useActionData<typeof action>() as { error: string } | undefined
  const c = stats.counts
  return (
    <div className="dash">
      <p className="eyebrow">
        <Link to="/dashboard/petitions">Petitions</Link> ·{' '}
        <Link to={`/dashboard/cases/${kase.id}`}>{kase.personName}</Link>{' '}
        <span className={`status status--${kase.status}`}>{kase.statusLabel}</span>
      </p>
      <div className="dash-head">
        <h1>
          {petition.title}{' '}
          <span className={`status status--${petition.status}`}>
            {PETITION_STATUS_LABELS[petition.status]}
          </span>
        </h1>
        <div className="dash-actions">
          <Link className="button" to={`/dashboard/petitions/${petition.id}/edit`}>
            Edit
          </Link>
          {petition.status !== 'draft' ? (
            <a className="button" href={`/petitions/${petition.slug}`}>
              Public page
            </a>
          ) : null}
        </div>
      </div>
      <Notice message={done} />
      {actionData?.error ? (
        <p className="form-alert" role="alert">
          {actionData.error}
        </p>
      ) : null}

      <div className="dash-grid dash-grid--wide-left">
        <div>
          <MilestonePanel
            petitionId={petition.id}
            {...milestone}
            canMail={petition.status !== 'draft'}
          />
          <section className="panel" aria-labelledby="count-heading">
            <h2 id="count-heading" className="visually-hidden">
              Signatures
            </h2>
            <GoalBar count={c.confirmed} goal={petition.goal} />
            <PetitionCounts
              counts={c}
              today={stats.today}
              inJurisdiction={inJurisdiction}
              placeLabel={kase.regionLabel ?? kase.jurisdiction}
            />
            {inJurisdiction === null ? (
              <p className="field__hint">
                Vigil cannot tell which signers are within “{kase.jurisdiction}”: name a US state
                (or “Federal”) as{' '}
                <Link to={`/dashboard/cases/${kase.id}`}>the case’s jurisdiction</Link>.
              </p>
            ) : null}
            <p className="dash-actions">
              <Link
                className="button button--primary"
                to={`/dashboard/petitions/${petition.id}/signatures`}
              >
                Signatures and moderation
              </Link>
              <a className="button" href={`/dashboard/petitions/${petition.id}/export`} download>
                Download CSV
              </a>
              <Link className="button" to={`/dashboard/messages/new?petitionId=${petition.id}`}>
                Mail its signers
              </Link>
              <Link className="button" to={`/dashboard/petitions/${petition.id}/calls`}>
                Calls ({petition.callCount.toLocaleString('en-US')})
              </Link>
            </p>
          </section>

          <ReachPanel
            count={c.confirmed}
            sources={loaded.sources}
            partners={loaded.partners}
            petitionId={petition.id}
            snippet={loaded.snippet}
            slug={petition.slug}
            published={petition.status !== 'draft'}
          />
          <FrequentSources {...frequent} />
          <section className="panel" aria-labelledby="map-heading">
            <h2 id="map-heading">Where the signers are</h2>
            <SignerMap
              viewBox={map.viewBox}
              states={map.states}
              rows={stats.subdivisions}
              jurisdiction={kase.region}
            />
          </section>

          <section className="panel" aria-labelledby="hourly-heading">
            <h2 id="hourly-heading">Last 48 hours</h2>
            <SignatureChart
              points={stats.hourly}
              label="Signatures per hour, last 48 hours"
              formatTick={hourFormat(kase.timeZone)}
              tickEvery={6}
            />
          </section>
          <section className="panel" aria-labelledby="daily-heading">
            <h2 id="daily-heading">Last 30 days</h2>
            <SignatureChart
              points={stats.daily}
              label="Signatures per day, last 30 days"
              formatTick={dayFormat}
              tickEvery={5}
            />
          </section>
        </div>

        <div>
          <DeadlinePanel
            caseId={kase.id}
            kind={kase.kind}
            deadline={kase.deadline}
            daysLeft={kase.daysLeft}
          >
            <PetitionStatusActions
              status={petition.status}
              actions={statusActions}
              decisionWarning={loaded.decisionWarning}
            />
          </DeadlinePanel>
          <section className="panel" aria-labelledby="targets-heading">
            <h2 id="targets-heading">Delivered to</h2>
            {petition.targets.length === 0 ? <p className="muted">No one yet.</p> : null}
            <ul className="link-list">
              {petition.targets.map((t) => (
                <li key={t.id}>
                  <Link to={`/dashboard/officials/${t.id}`}>{t.name}</Link>
                  {t.title ? <span className="muted"> — {t.title}</span> : null}
                </li>
              ))}
            </ul>
            {petition.status !== 'draft' ? (
              <p className="dash-actions">
                <Link className="button" to={`/dashboard/outreaches/new?petition=${petition.id}`}>
                  Deliver to officials
                </Link>
              </p>
            ) : null}
            <h3>In person</h3>
            <PacketForm
              petitionId={petition.id}
              regions={stats.subdivisions.filter((r) => r.confirmed > 0).map((r) => r.region)}
              jurisdiction={kase.region}
              carriesLetter={petition.carriesLetter}
            />
            <p>
              <Link to={`/dashboard/petitions/${petition.id}/letters`}>
                {petition.carriesLetter ? 'Signers’ letters' : 'Letters'}
              </Link>
              <span className="muted">
                {' '}
                —{' '}
                {petition.carriesLetter
                  ? LETTER_DIGEST_SCHEDULE_LABELS[petition.letterDigest].toLowerCase()
                  : 'this petition carries no letter'}
              </span>
            </p>
          </section>
          <section className="panel" aria-labelledby="countries-heading">
            <h2 id="countries-heading">By country</h2>
            <RegionTable
              rows={stats.countries.map((r) => ({ key: r.country, label: r.country, ...r }))}
              first="Country"
            />
          </section>
          <section className="panel" aria-labelledby="regions-heading">
            <h2 id="regions-heading">Elsewhere</h2>
            <p className="field__hint">
              Postal code areas (first characters) where no state is known, largest first.
            </p>
            <RegionTable
              rows={stats.regions.map((r) => ({
                key: `${r.country}-${r.region}`,
                label: `${r.country} ${r.region}`,
                ...r,
              }))}
              first="Postal area"
            />
          </section>
        </div>
      </div>
    </div>
  )
}

export { DashboardErrorBoundary as ErrorBoundary }
